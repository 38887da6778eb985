package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

class ProfileSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient admin

    def setupSpec() {
        admin = Accounts.administrator(app, 'profile-admin@example.org')
    }

    def "a person reads their profile"() {
        given:
        def member = Accounts.invited(app, admin, 'member', 'reader@example.org')

        when:
        def me = member.get('/api/me')

        then:
        me.status == 200
        me.json.email == 'reader@example.org'
        me.json.role == 'member'
        me.json.timeZone == 'Europe/Paris'
        me.json.language == 'fr'
        me.json.territoryCode == null
        me.json.id
    }

    def "a person changes #what"() {
        given:
        def member = Accounts.invited(app, admin, 'member')

        when:
        def reply = member.patch('/api/me', body)

        then:
        reply.status == 200
        expected.every { k, v -> reply.json[k] == v }
        def me = member.get('/api/me').json
        expected.every { k, v -> me[k] == v }

        where:
        what                          | body                                              || expected
        'their display name'          | [displayName: '  Zoé Martin ']                    || [displayName: 'Zoé Martin', timeZone: 'Europe/Paris']
        'their territory and its zone' | [territoryCode: '988']                           || [territoryCode: '988', timeZone: 'Pacific/Noumea']
        'territory with its own zone' | [territoryCode: '04', timeZone: 'Europe/Paris']   || [territoryCode: '04', timeZone: 'Europe/Paris']
        'their zone only'             | [timeZone: 'America/Cayenne']                     || [territoryCode: null, timeZone: 'America/Cayenne']
        'their language'              | [language: 'en']                                  || [language: 'en']
    }

    def "a profile edit with #what is refused with 400 on #field and changes nothing"() {
        given:
        def member = Accounts.invited(app, admin, 'member')
        assert member.patch('/api/me', [territoryCode: '53']).status == 200
        def before = member.get('/api/me').json

        when:
        def reply = member.patch('/api/me', body)

        then:
        reply.status == 400
        reply.problem
        reply.json.type == '/problems/validation'
        reply.json.violations*.field.unique() == [field]
        member.get('/api/me').json == before

        where:
        what                        | body                                               || field
        'an unknown territory'      | [territoryCode: '99', displayName: 'Changed']      || 'territoryCode'
        'a made-up zone'            | [timeZone: 'Mars/Olympus', displayName: 'Changed'] || 'timeZone'
        'a raw offset'              | [timeZone: '+02:00', language: 'en']               || 'timeZone'
        'an Etc/GMT zone'           | [timeZone: 'Etc/GMT+3']                            || 'timeZone'
        'a territory and bad zone'  | [territoryCode: '987', timeZone: 'Mars/Olympus']   || 'timeZone'
        'a blank display name'      | [displayName: '   ']                               || 'displayName'
        'a display name over 80'    | [displayName: 'n' * 81]                            || 'displayName'
        'an unknown language'       | [language: 'de']                                   || 'language'
    }

    def "an anonymous caller may not #method the profile"() {
        when:
        def reply = app.client().send(method, '/api/me', body)

        then:
        reply.status == 401
        reply.problem
        reply.json.type == '/problems/unauthenticated'

        where:
        method  | body
        'GET'   | null
        'PATCH' | [displayName: 'Ghost']
    }

    def "changing one's password needs the current one"() {
        given:
        def member = Accounts.invited(app, admin, 'member', 'wrong-current@example.org')

        when:
        def reply = member.post('/api/me/password', [currentPassword: 'not my password', newPassword: 'a brand new passphrase'])

        then:
        reply.status == 400
        reply.problem
        reply.json.violations*.field == ['currentPassword']
        app.client().post('/api/session', [email: 'wrong-current@example.org', password: Accounts.PASSWORD]).status == 200
    }

    def "changing one's password signs out the other sessions and keeps this one"() {
        given:
        def here = Accounts.invited(app, admin, 'member', 'changer@example.org')
        def elsewhere = app.client()
        assert elsewhere.post('/api/session', [email: 'changer@example.org', password: Accounts.PASSWORD]).status == 200

        when:
        def reply = here.post('/api/me/password', [currentPassword: Accounts.PASSWORD, newPassword: 'a brand new passphrase'])

        then:
        reply.status == 204
        here.get('/api/me').status == 200
        elsewhere.get('/api/me').status == 401
        app.client().post('/api/session', [email: 'changer@example.org', password: Accounts.PASSWORD]).status == 401
        app.client().post('/api/session', [email: 'changer@example.org', password: 'a brand new passphrase']).status == 200
    }

    def "an administrator lists people and changes a role"() {
        given:
        def member = Accounts.invited(app, admin, 'member', 'promoted@example.org')
        String id = member.get('/api/me').json.id

        when:
        def list = admin.get('/api/admin/users')

        then:
        list.status == 200
        list.json.find { it.email == 'promoted@example.org' }.role == 'member'
        list.json.find { it.email == 'profile-admin@example.org' }.role == 'administrator'

        when:
        def reply = admin.patch("/api/admin/users/${id}", [role: 'facilitator'])

        then:
        reply.status == 200
        reply.json.role == 'facilitator'
        member.get('/api/me').json.role == 'facilitator'
        member.post('/api/invitations', [email: 'by-promoted@example.org', role: 'guest']).status == 201
    }

    def "a role change is validated: #what"() {
        given:
        def member = Accounts.invited(app, admin, 'member')
        String id = member.get('/api/me').json.id

        when:
        def reply = admin.patch("/api/admin/users/${id}", body)

        then:
        reply.status == 400
        reply.json.violations*.field == ['role']
        member.get('/api/me').json.role == 'member'

        where:
        what           | body
        'missing role' | [:]
        'unknown role' | [role: 'king']
    }

    def "a #role may not #action"() {
        given:
        def caller = Accounts.invited(app, admin, role)
        def target = Accounts.invited(app, admin, 'member')
        String targetId = target.get('/api/me').json.id

        when:
        def reply = action == 'list people' ? caller.get('/api/admin/users')
                : caller.patch("/api/admin/users/${targetId}", [role: 'administrator'])

        then:
        reply.status == 403
        reply.problem
        reply.json.type == '/problems/forbidden'
        target.get('/api/me').json.role == 'member'
        caller.get('/api/me').json.role == role

        where:
        role          | action
        'member'      | 'list people'
        'facilitator' | 'list people'
        'guest'       | 'list people'
        'member'      | 'change roles'
        'facilitator' | 'change roles'
        'guest'       | 'change roles'
    }

    def "the last administrator cannot be demoted"() {
        given:
        def last = Accounts.administrator(app)
        onlyAdministrators(last)
        String id = last.get('/api/me').json.id

        when:
        def reply = last.patch("/api/admin/users/${id}", [role: 'member'])

        then:
        reply.status == 409
        reply.problem
        reply.json.type == '/problems/conflict'
        last.get('/api/me').json.role == 'administrator'
        administrators() == 1
    }

    def "two administrators demoting each other at once never leave none (round #round)"() {
        given:
        def a = Accounts.administrator(app)
        def b = Accounts.administrator(app)
        onlyAdministrators(a, b)
        String aId = a.get('/api/me').json.id
        String bId = b.get('/api/me').json.id
        assert administrators() == 2
        def start = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(2)

        when:
        def fa = pool.submit({ start.await(); a.patch("/api/admin/users/${bId}", [role: 'member']).status } as Callable<Integer>)
        def fb = pool.submit({ start.await(); b.patch("/api/admin/users/${aId}", [role: 'member']).status } as Callable<Integer>)
        start.countDown()
        def statuses = [fa.get(), fb.get()]

        then: "the one who locked first wins; the other is no longer an administrator"
        administrators() == 1
        statuses.sort() == [200, 403]

        cleanup:
        pool?.shutdownNow()

        where:
        round << (1..5)
    }

    /** Demotes every administrator except the given ones, so a feature controls how many remain. */
    private void onlyAdministrators(ApiClient... keep) {
        def keepIds = keep.collect { it.get('/api/me').json.id }
        def actor = keep[0]
        actor.get('/api/admin/users').json.findAll { it.role == 'administrator' && !(it.id in keepIds) }.each {
            assert actor.patch("/api/admin/users/${it.id}", [role: 'member']).status == 200
        }
        assert administrators() == keep.length
    }

    private long administrators() {
        Rows.count(app, "SELECT count(*) FROM app_user WHERE role = 'administrator'")
    }
}
