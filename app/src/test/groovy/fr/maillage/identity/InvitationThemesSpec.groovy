package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Issue 16: a guest's themes chosen on the invitation, granted when it is accepted. */
class InvitationThemesSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient facilitator = Accounts.invited(app, admin, 'facilitator')

    ApiClient accept(String email) {
        String token = Accounts.latestLinkToken(app, email, '/invitation/')
        def client = app.client()
        def reply = client.post("/api/invitations/${token}/accept", [displayName: 'Gaëlle Invitée', password: Accounts.PASSWORD])
        assert reply.status == 201: reply.toString()
        client
    }

    def "a guest invited with two themes reads those two, and no other, once it accepts"() {
        given:
        def email = 'guest-themes@example.org'

        when:
        def invited = facilitator.post('/api/invitations', [email: email, role: 'guest', themes: ['vie-du-reseau', 'entraide-et-accueil']])
        def guest = accept(email)

        then:
        invited.status == 201
        guest.get('/api/themes').json*.slug.sort() == ['entraide-et-accueil', 'vie-du-reseau']
        guest.get('/api/themes/vie-du-reseau/threads').status == 200
        guest.get('/api/themes/comprendre-son-ecosysteme/threads').status == 404
        admin.get('/api/themes/vie-du-reseau/guests').json*.displayName.contains('Gaëlle Invitée')
    }

    def "a guest invited without themes reads none"() {
        when:
        assert admin.post('/api/invitations', [email: 'guest-bare@example.org', role: 'guest']).status == 201
        def guest = accept('guest-bare@example.org')

        then:
        (guest.get('/api/themes').json ?: []) == []
    }

    def "a resent invitation keeps its themes"() {
        when:
        def id = admin.post('/api/invitations', [email: 'guest-resent@example.org', role: 'guest', themes: ['entraide-et-accueil']]).json.id
        assert admin.post("/api/invitations/${id}/resend").status == 200
        def guest = accept('guest-resent@example.org')

        then:
        guest.get('/api/themes').json*.slug == ['entraide-et-accueil']
    }

    def "themes are refused for a member and when unknown or archived"() {
        given:
        assert admin.post('/api/themes', [slug: 'ancien-theme', labelFr: 'Ancien', labelEn: 'Old']).status == 201
        assert admin.patch('/api/themes/ancien-theme', [archived: true]).status == 200

        expect:
        admin.post('/api/invitations', [email: 'm@example.org', role: 'member', themes: ['vie-du-reseau']]).json.violations*.field == ['themes']
        admin.post('/api/invitations', [email: 'g1@example.org', role: 'guest', themes: ['no-such-theme']]).json.violations*.field == ['themes']
        admin.post('/api/invitations', [email: 'g2@example.org', role: 'guest', themes: ['ancien-theme']]).status == 400
        // Nothing was created by the refused invitations.
        (admin.get('/api/invitations').json*.email as List).intersect(['m@example.org', 'g1@example.org', 'g2@example.org']) == []
    }
}
