package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Duration

/** Sessions end when idle (14 days) and at the latest after 90 days; a person sees and ends their own. */
class SessionLifetimeSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    // Per feature: the clock moves weeks ahead, so a shared administrator's session would end.
    ApiClient admin = Accounts.administrator(app)

    Map person() {
        String email = "life-${UUID.randomUUID()}@example.org"
        ApiClient first = Accounts.invited(app, admin, 'member', email)
        ApiClient second = app.client()
        assert second.post('/api/session', [email: email, password: Accounts.PASSWORD]).status == 200
        [email: email, first: first, second: second]
    }

    def "a session unused for the idle timeout ends; one in use lives on"() {
        given:
        def p = person()

        when: "the first device is used every ten days, the second never"
        clock.advance(Duration.ofDays(10))
        assert p.first.get('/api/me').status == 200
        clock.advance(Duration.ofDays(5))

        then:
        p.first.get('/api/me').status == 200
        p.second.get('/api/me').status == 401
    }

    def "no session outlives the maximum lifetime, however often it is used"() {
        given:
        def p = person()

        when:
        12.times {
            clock.advance(Duration.ofDays(7))
            assert p.first.get('/api/me').status == 200
        }
        clock.advance(Duration.ofDays(7))

        then: "84 days of use, then the 91st day"
        p.first.get('/api/me').status == 401
    }

    def "a person lists their sessions, ends another device's, then every other one"() {
        given:
        def p = person()
        ApiClient third = app.client()
        assert third.post('/api/session', [email: p.email, password: Accounts.PASSWORD]).status == 200
        def socket = LiveClient.connect(app.baseUrl, third)

        when:
        def mine = p.first.get('/api/session/all').json

        then:
        mine.size() == 3
        mine.count { it.current } == 1
        mine.every { it.createdAt && it.lastSeenAt && it.expiresAt }

        when: "ending another device's session from the list"
        String secondId = (mine.findAll { !it.current }*.id - third.get('/api/session/all').json.find { it.current }.id)[0]
        assert p.first.delete("/api/session/all/${secondId}").status == 204

        then:
        p.second.get('/api/me').status == 401
        third.get('/api/me').status == 200

        when: "sign out everywhere else"
        assert p.first.delete('/api/session/others').status == 204

        then:
        third.get('/api/me').status == 401
        new PollingConditions(timeout: 2).eventually { assert socket.closeCode == 4401 }
        p.first.get('/api/session/all').json*.current == [true]

        cleanup:
        socket?.close()
    }

    def "someone else's session cannot be ended, nor listed"() {
        given:
        def p = person()
        def other = person()
        String theirs = other.first.get('/api/session/all').json.find { it.current }.id

        expect:
        p.first.delete("/api/session/all/${theirs}").status == 404
        other.first.get('/api/me').status == 200
        !p.first.get('/api/session/all').json*.id.contains(theirs)
        app.client().get('/api/session/all').status == 401
    }

    def "a deleted post's earlier texts are purged with it"() {
        given:
        def p = person()
        def socket = LiveClient.connect(app.baseUrl, p.first)
        def created = socket.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                      theme: 'vie-du-reseau', kind: 'discussion', title: 'Un fil', body: 'premier texte secret'])
        String postId = created.result.postId
        assert socket.command([type: 'discussion.edit_post', idempotencyKey: UUID.randomUUID().toString(), postId: postId, body: 'second texte']).type == 'ack'
        assert p.first.get("/api/posts/${postId}/history").json*.body == ['premier texte secret']

        when:
        assert socket.command([type: 'discussion.delete_post', idempotencyKey: UUID.randomUUID().toString(), postId: postId]).type == 'ack'

        then:
        p.first.get("/api/posts/${postId}/history").json == []

        cleanup:
        socket?.close()
    }
}
