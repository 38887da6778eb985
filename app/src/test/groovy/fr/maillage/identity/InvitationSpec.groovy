package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration
import java.time.Instant
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

class InvitationSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)

    def "an administrator invites someone: a pending invitation valid seven days and a mail with the link"() {
        given:
        def admin = Accounts.administrator(app, 'inviter@example.org')
        Instant now = clock.instant()

        when:
        def reply = admin.post('/api/invitations', [email: 'bruno@example.org', role: 'member', message: 'Bienvenue !'])

        then:
        reply.status == 201
        reply.json.email == 'bruno@example.org'
        reply.json.role == 'member'
        reply.json.status == 'pending'
        reply.json.invitedBy == 'Ada Admin'
        reply.json.id
        Instant.parse(reply.json.createdAt) == now
        Instant.parse(reply.json.expiresAt) == now.plus(Duration.ofDays(7))

        when:
        def outbox = admin.get('/api/admin/outbox')
        def mail = outbox.json.find { it.to == 'bruno@example.org' }

        then:
        outbox.status == 200
        mail != null
        mail.status == 'kept'
        mail.subject == 'Invitation à rejoindre Maillage'
        mail.textBody =~ /${java.util.regex.Pattern.quote(app.baseUrl)}\/invitation\/[A-Za-z0-9_-]{20,}/
        mail.textBody.contains('Bienvenue !')
        admin.get('/api/invitations').json*.email.contains('bruno@example.org')
    }

    def "the link shows who invited whom, with which role, before it is accepted"() {
        given:
        def admin = Accounts.administrator(app)
        admin.post('/api/invitations', [email: 'preview@example.org', role: 'facilitator'])
        String token = Accounts.latestLinkToken(app, 'preview@example.org', '/invitation/')

        when:
        def preview = app.client().get("/api/invitations/${token}")

        then:
        preview.status == 200
        preview.json.email == 'preview@example.org'
        preview.json.role == 'facilitator'
        preview.json.invitedBy == 'Ada Admin'
        Instant.parse(preview.json.expiresAt) == clock.instant().plus(Duration.ofDays(7))

        expect: "an unknown token is simply not found"
        app.client().get('/api/invitations/no-such-token').status == 404
    }

    def "accepting with territory #territory and zone #zone signs the person in with zone #expected"() {
        given:
        def admin = Accounts.administrator(app)
        String email = "accept-${territory}-${zone}@example.org".replace('/', '-')
        admin.post('/api/invitations', [email: email, role: 'member'])
        String token = Accounts.latestLinkToken(app, email, '/invitation/')
        def newcomer = app.client()

        when:
        def reply = newcomer.post("/api/invitations/${token}/accept",
                [displayName: '  Bruno  ', password: 'a long enough password', territoryCode: territory, timeZone: zone])

        then:
        reply.status == 201
        reply.raw.headers().allValues('Set-Cookie').any { it.startsWith('maillage_session=') }
        reply.json.email == email
        reply.json.displayName == 'Bruno'
        reply.json.role == 'member'
        reply.json.language == 'fr'
        reply.json.territoryCode == territory
        reply.json.timeZone == expected
        newcomer.get('/api/me').json.email == email

        where:
        territory | zone             || expected
        '987'     | null             || 'Pacific/Tahiti'
        '04'      | null             || 'Indian/Reunion'
        null      | null             || 'Europe/Paris'
        '987'     | 'Europe/Paris'   || 'Europe/Paris'
        null      | 'America/Cayenne' || 'America/Cayenne'
    }

    def "a link works once: reusing an accepted link answers 410 used"() {
        given:
        def admin = Accounts.administrator(app)
        admin.post('/api/invitations', [email: 'once@example.org', role: 'guest'])
        String token = Accounts.latestLinkToken(app, 'once@example.org', '/invitation/')
        assert app.client().post("/api/invitations/${token}/accept", [displayName: 'Once', password: 'a long enough password']).status == 201
        long usersBefore = Rows.users(app)

        when:
        def again = app.client().post("/api/invitations/${token}/accept", [displayName: 'Twice', password: 'a long enough password'])
        def preview = app.client().get("/api/invitations/${token}")

        then:
        again.status == 410
        again.problem
        again.json.type == '/problems/invitation-unusable'
        again.json.reason == 'used'
        preview.status == 410
        preview.json.reason == 'used'
        Rows.users(app) == usersBefore
        admin.get('/api/invitations').json.find { it.email == 'once@example.org' }.status == 'accepted'
    }

    def "a link expires seven days after it was sent"() {
        given:
        def admin = Accounts.administrator(app)
        admin.post('/api/invitations', [email: 'late@example.org', role: 'member'])
        String token = Accounts.latestLinkToken(app, 'late@example.org', '/invitation/')

        when: "one minute before the end it still works"
        clock.advance(Duration.ofDays(7).minusMinutes(1))

        then:
        app.client().get("/api/invitations/${token}").status == 200

        when:
        clock.advance(Duration.ofMinutes(2))
        def preview = app.client().get("/api/invitations/${token}")
        def accept = app.client().post("/api/invitations/${token}/accept", [displayName: 'Late', password: 'a long enough password'])

        then:
        preview.status == 410
        preview.json.type == '/problems/invitation-unusable'
        preview.json.reason == 'expired'
        accept.status == 410
        accept.json.reason == 'expired'
        Rows.count(app, 'SELECT count(*) FROM app_user WHERE email = ?', 'late@example.org') == 0
        Accounts.administrator(app).get('/api/invitations').json.find { it.email == 'late@example.org' }.status == 'expired'
    }

    def "a revoked link stops working, and an accepted one cannot be revoked"() {
        given:
        def admin = Accounts.administrator(app)
        def pending = admin.post('/api/invitations', [email: 'revoked@example.org', role: 'member']).json
        String token = Accounts.latestLinkToken(app, 'revoked@example.org', '/invitation/')
        def accepted = admin.post('/api/invitations', [email: 'kept@example.org', role: 'member']).json
        String keptToken = Accounts.latestLinkToken(app, 'kept@example.org', '/invitation/')
        assert app.client().post("/api/invitations/${keptToken}/accept", [displayName: 'Kept', password: 'a long enough password']).status == 201

        when:
        def revoke = admin.delete("/api/invitations/${pending.id}")
        def preview = app.client().get("/api/invitations/${token}")
        def accept = app.client().post("/api/invitations/${token}/accept", [displayName: 'Revoked', password: 'a long enough password'])

        then:
        revoke.status == 204
        preview.status == 410
        preview.json.reason == 'revoked'
        accept.status == 410
        accept.json.reason == 'revoked'
        admin.get('/api/invitations').json.find { it.id == pending.id }.status == 'revoked'

        when:
        def revokeAccepted = admin.delete("/api/invitations/${accepted.id}")
        def revokeUnknown = admin.delete("/api/invitations/${UUID.randomUUID()}")

        then:
        revokeAccepted.status == 409
        revokeAccepted.json.type == '/problems/conflict'
        revokeUnknown.status == 404
        admin.get('/api/invitations').json.find { it.id == accepted.id }.status == 'accepted'
    }

    def "inviting the same address again revokes the earlier link"() {
        given:
        def admin = Accounts.administrator(app)
        admin.post('/api/invitations', [email: 'twice@example.org', role: 'member'])
        String first = Accounts.latestLinkToken(app, 'twice@example.org', '/invitation/')

        when:
        clock.advance(Duration.ofMinutes(1))
        def again = admin.post('/api/invitations', [email: 'Twice@Example.org', role: 'guest'])
        String second = Accounts.latestLinkToken(app, 'twice@example.org', '/invitation/')

        then:
        again.status == 201
        second != first
        app.client().get("/api/invitations/${first}").json.reason == 'revoked'
        app.client().get("/api/invitations/${second}").json.role == 'guest'
        Rows.count(app, "SELECT count(*) FROM invitation WHERE lower(email) = 'twice@example.org' AND revoked_at IS NULL") == 1
    }

    def "inviting an address that already has an account is a conflict"() {
        given:
        def admin = Accounts.administrator(app, 'taken@example.org')
        long before = Rows.invitations(app)

        when:
        def reply = admin.post('/api/invitations', [email: 'TAKEN@example.org', role: 'member'])

        then:
        reply.status == 409
        reply.problem
        reply.json.type == '/problems/conflict'
        Rows.invitations(app) == before
        Rows.mailsTo(app, 'taken@example.org') == 0
    }

    def "a facilitator may invite a #role: #expected"() {
        given:
        def admin = Accounts.administrator(app)
        def facilitator = Accounts.invited(app, admin, 'facilitator')
        String email = "by-facilitator-${role}-${UUID.randomUUID().toString().substring(0, 8)}@example.org"
        long before = Rows.invitations(app)

        when:
        def reply = facilitator.post('/api/invitations', [email: email, role: role])

        then:
        reply.status == expected
        Rows.invitations(app) == before + (expected == 201 ? 1 : 0)
        Rows.mailsTo(app, email) == (expected == 201 ? 1 : 0)

        where:
        role            || expected
        'member'        || 201
        'guest'         || 201
        'facilitator'   || 201
        'administrator' || 403
    }

    def "a #who may not #action invitations"() {
        given:
        def admin = Accounts.administrator(app)
        def target = admin.post('/api/invitations', [email: "target-${UUID.randomUUID()}@example.org", role: 'member']).json
        ApiClient caller = who == 'anonymous' ? app.client() : Accounts.invited(app, admin, who)
        long before = Rows.invitations(app)

        when:
        def reply = call(caller, action, target.id)

        then:
        reply.status == status
        reply.problem
        reply.json.type == type
        Rows.invitations(app) == before
        admin.get('/api/invitations').json.find { it.id == target.id }.status == 'pending'

        where:
        who         | action   || status | type
        'member'    | 'create' || 403    | '/problems/forbidden'
        'member'    | 'list'   || 403    | '/problems/forbidden'
        'member'    | 'revoke' || 403    | '/problems/forbidden'
        'guest'     | 'create' || 403    | '/problems/forbidden'
        'guest'     | 'list'   || 403    | '/problems/forbidden'
        'guest'     | 'revoke' || 403    | '/problems/forbidden'
        'anonymous' | 'create' || 401    | '/problems/unauthenticated'
        'anonymous' | 'list'   || 401    | '/problems/unauthenticated'
        'anonymous' | 'revoke' || 401    | '/problems/unauthenticated'
        'member'    | 'resend' || 403    | '/problems/forbidden'
        'guest'     | 'resend' || 403    | '/problems/forbidden'
        'anonymous' | 'resend' || 401    | '/problems/unauthenticated'
    }

    def "inviting is validated and writes nothing: #what"() {
        given:
        def admin = Accounts.administrator(app)
        long invitations = Rows.invitations(app)
        long mails = Rows.count(app, 'SELECT count(*) FROM mail_outbox')

        when:
        def reply = admin.post('/api/invitations', body)

        then:
        reply.status == 400
        reply.problem
        reply.json.type == '/problems/validation'
        reply.json.violations*.field.unique() == [field]
        Rows.invitations(app) == invitations
        Rows.count(app, 'SELECT count(*) FROM mail_outbox') == mails

        where:
        what                   | body                                                          || field
        'malformed email'      | [email: 'not-an-address', role: 'member']                     || 'email'
        'blank email'          | [email: ' ', role: 'member']                                  || 'email'
        'missing role'         | [email: 'norole@example.org']                                 || 'role'
        'unknown role'         | [email: 'king@example.org', role: 'king']                     || 'role'
        'message over 1000'    | [email: 'long@example.org', role: 'member', message: 'm' * 1001] || 'message'
    }

    def "accepting is validated and writes nothing: #what"() {
        given:
        def admin = Accounts.administrator(app)
        String token
        if (firstAdministratorLink) {
            String link = app.bean(InvitationService).createAdministratorInvitation()
            token = link.substring(link.lastIndexOf('/') + 1)
        } else {
            String email = "validate-${UUID.randomUUID()}@example.org"
            admin.post('/api/invitations', [email: email, role: 'member'])
            token = Accounts.latestLinkToken(app, email, '/invitation/')
        }
        long users = Rows.users(app)
        long sessions = Rows.count(app, 'SELECT count(*) FROM user_session')

        when:
        def reply = app.client().post("/api/invitations/${token}/accept", body)

        then:
        reply.status == 400
        reply.problem
        reply.json.type == '/problems/validation'
        reply.json.violations*.field == [field]
        Rows.users(app) == users
        Rows.count(app, 'SELECT count(*) FROM user_session') == sessions

        and: "the link is still usable"
        app.client().get("/api/invitations/${token}").status == 200

        where:
        what                          | firstAdministratorLink | body                                                                       || field
        'blank display name'          | false                  | [displayName: '   ', password: 'a long enough password']                   || 'displayName'
        'display name over 80'        | false                  | [displayName: 'n' * 81, password: 'a long enough password']                || 'displayName'
        'password under 10'           | false                  | [displayName: 'Short', password: 'x' * 9]                                  || 'password'
        'unknown territory'           | false                  | [displayName: 'Terr', password: 'a long enough password', territoryCode: '99'] || 'territoryCode'
        'offset time zone'            | false                  | [displayName: 'Zone', password: 'a long enough password', timeZone: '+02:00'] || 'timeZone'
        'first admin without email'   | true                   | [displayName: 'First', password: 'a long enough password']                 || 'email'
    }

    def "eight people accepting the same link at once create exactly one account"() {
        given:
        def admin = Accounts.administrator(app)
        admin.post('/api/invitations', [email: 'race@example.org', role: 'member'])
        String token = Accounts.latestLinkToken(app, 'race@example.org', '/invitation/')
        def clients = (1..8).collect { app.client().primed() }
        def start = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(8)

        when:
        def futures = clients.withIndex().collect { client, i ->
            pool.submit({
                start.await()
                client.post("/api/invitations/${token}/accept", [displayName: "Racer ${i}", password: 'a long enough password']).status
            } as Callable<Integer>)
        }
        start.countDown()
        def statuses = futures*.get()

        then:
        statuses.count { it == 201 } == 1
        statuses.findAll { it != 201 }.every { it == 410 || it == 409 }
        Rows.count(app, "SELECT count(*) FROM app_user WHERE lower(email) = 'race@example.org'") == 1

        cleanup:
        pool?.shutdownNow()
    }

    def "an expired invitation is resent: a new link for seven more days, the old link stops working, audited"() {
        given:
        def admin = Accounts.administrator(app)
        def sent = admin.post('/api/invitations', [email: 'resend@example.org', role: 'member']).json
        String first = Accounts.latestLinkToken(app, 'resend@example.org', '/invitation/')
        clock.advance(Duration.ofDays(8))
        assert admin.get('/api/invitations').json.find { it.id == sent.id }.status == 'expired'

        when:
        def resent = admin.post("/api/invitations/${sent.id}/resend")
        String second = Accounts.latestLinkToken(app, 'resend@example.org', '/invitation/')

        then:
        resent.status == 200
        resent.json.id == sent.id
        resent.json.status == 'pending'
        Instant.parse(resent.json.expiresAt as String) == clock.instant().plus(Duration.ofDays(7))
        second != first
        app.client().get("/api/invitations/${first}").status == 404  // the old link is simply unknown now
        app.client().get("/api/invitations/${second}").json.email == 'resend@example.org'
        Rows.count(app, "SELECT count(*) FROM audit_entry WHERE action = 'identity.invitation_resent' AND target_id = ? AND before LIKE '%expired%' AND after LIKE '%pending%'", sent.id as String) == 1

        and: 'the new link works'
        app.client().post("/api/invitations/${second}/accept", [displayName: 'Relancée', password: 'a long enough password']).status == 201
    }

    def "resending: accepted or revoked is a conflict, unknown is 404, and a facilitator may not resend an administrator's"() {
        given:
        def admin = Accounts.administrator(app)
        def facilitator = Accounts.invited(app, admin, 'facilitator')
        def accepted = admin.post('/api/invitations', [email: 'resend-accepted@example.org', role: 'member']).json
        String token = Accounts.latestLinkToken(app, 'resend-accepted@example.org', '/invitation/')
        assert app.client().post("/api/invitations/${token}/accept", [displayName: 'Déjà là', password: 'a long enough password']).status == 201
        def revoked = admin.post('/api/invitations', [email: 'resend-revoked@example.org', role: 'member']).json
        assert admin.delete("/api/invitations/${revoked.id}").status == 204
        def forAdmin = admin.post('/api/invitations', [email: 'resend-admin@example.org', role: 'administrator']).json
        def forMember = admin.post('/api/invitations', [email: 'resend-member@example.org', role: 'member']).json
        long mails = Rows.count(app, "SELECT count(*) FROM mail_outbox")

        expect:
        admin.post("/api/invitations/${accepted.id}/resend").with { status == 409 && json.type == '/problems/conflict' }
        admin.post("/api/invitations/${revoked.id}/resend").with { status == 409 && json.type == '/problems/conflict' }
        admin.post("/api/invitations/${UUID.randomUUID()}/resend").status == 404
        admin.post("/api/invitations/not-a-uuid/resend").status in [400, 404]
        facilitator.post("/api/invitations/${forAdmin.id}/resend").with { status == 403 && json.type == '/problems/forbidden' }
        Rows.count(app, "SELECT count(*) FROM mail_outbox") == mails
        Rows.count(app, "SELECT count(*) FROM audit_entry WHERE action = 'identity.invitation_resent' AND target_id IN (?, ?, ?)",
                accepted.id as String, revoked.id as String, forAdmin.id as String) == 0

        and: 'a facilitator resends a member\'s invitation'
        facilitator.post("/api/invitations/${forMember.id}/resend").status == 200
    }

    def "two administrators resending at once: each mail has its own link, only the last one works"() {
        given:
        def admin = Accounts.administrator(app)
        def other = Accounts.invited(app, admin, 'administrator')
        def sent = admin.post('/api/invitations', [email: 'resend-race@example.org', role: 'member']).json
        def gate = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(2)

        when:
        def replies = [admin, other].collect { who -> pool.submit({ gate.await(); who.post("/api/invitations/${sent.id}/resend") } as Callable) }
        gate.countDown()
        def responses = replies*.get()
        def statuses = responses*.status
        List<String> tokens = Rows.strings(app, "SELECT text_body FROM mail_outbox WHERE recipient = 'resend-race@example.org'").collect {
            (it =~ /\/invitation\/([A-Za-z0-9_-]+)/)[0][1] as String
        }

        then: 'both succeed (a failure shows what the server answered)'
        assert statuses == [200, 200]: responses*.text
        tokens.size() == 3
        tokens.toSet().size() == 3
        tokens.count { app.client().get("/api/invitations/${it}").status == 200 } == 1
        Rows.count(app, "SELECT count(*) FROM audit_entry WHERE action = 'identity.invitation_resent' AND target_id = ?", sent.id as String) == 2

        cleanup:
        pool?.shutdown()
    }

    private static ApiClient.Reply call(ApiClient caller, String action, Object id) {
        switch (action) {
            case 'create': return caller.post('/api/invitations', [email: "intruder-${UUID.randomUUID()}@example.org", role: 'guest'])
            case 'list': return caller.get('/api/invitations')
            case 'revoke': return caller.delete("/api/invitations/${id}")
            case 'resend': return caller.post("/api/invitations/${id}/resend")
        }
        throw new IllegalArgumentException(action)
    }
}
