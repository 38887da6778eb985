package fr.maillage.notification

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/** The notification core every feature calls: stored, private, live, deduplicated. */
class NotificationServiceSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    def member = Accounts.invited(app, admin, 'member')
    @Shared
    def other = Accounts.invited(app, admin, 'member')
    def conditions = new PollingConditions(timeout: 10)

    UUID idOf(def client) {
        UUID.fromString(client.get('/api/session').json.user.id as String)
    }

    Optional<UUID> notify(Notice notice) {
        app.bean(NotificationService).notify(notice)
    }

    def "a notice reaches its recipient's list and private stream live"() {
        given:
        def me = idOf(member)
        def live = LiveClient.connect(app.baseUrl, member)
        assert live.answer(live.subscribe("person:${me}")).type == 'ack'

        when:
        def id = notify(Notice.of(me, 'help.offered', '/help/1', [title: 'Financer un tiers-lieu'])).orElseThrow()

        then:
        conditions.eventually {
            assert live.eventsOf("person:${me}").find { it.type == 'notification.created' && it.notification.id == id.toString() }
        }
        def page = member.get('/api/notifications').json
        page.stream == "person:${me}"
        page.unread == 1
        page.items*.id == [id.toString()]
        page.items[0].data.title == 'Financer un tiers-lieu'
        page.items[0].readAt == null

        cleanup:
        live?.close()
    }

    def "a person cannot subscribe to someone else's stream nor read their notification"() {
        given:
        def me = idOf(member)
        def id = notify(Notice.of(me, 'help.offered', '/help/2', [:])).orElseThrow()
        def live = LiveClient.connect(app.baseUrl, other)

        expect:
        live.answer(live.subscribe("person:${me}")).type == 'error'
        other.post("/api/notifications/${id}/read", [:]).status == 404
        !other.get('/api/notifications').json.items.find { it.id == id.toString() }

        cleanup:
        live?.close()
    }

    def "the same dedupe key notifies once"() {
        given:
        def me = idOf(other)
        def notice = Notice.of(me, 'session.reminder', '/sessions/1', [:]).dedupedBy('reminder:1:24h')

        when:
        def first = notify(notice)
        def second = notify(notice)

        then:
        first.present
        !second.present
        other.get('/api/notifications').json.items.count { it.link == '/sessions/1' } == 1
    }

    def "a notice in a rolled-back transaction leaves nothing"() {
        given:
        def me = idOf(other)
        def before = other.get('/api/notifications').json.items.size()

        when:
        app.bean(TransactionOperations).executeWrite { status ->
            notify(Notice.of(me, 'help.offered', '/help/rolled-back', [:]))
            status.setRollbackOnly()
            null
        }

        then:
        other.get('/api/notifications').json.items.size() == before
    }

    def "marking read, one and all, updates the count and tells the stream"() {
        given:
        def me = idOf(admin)
        def live = LiveClient.connect(app.baseUrl, admin)
        assert live.answer(live.subscribe("person:${me}")).type == 'ack'
        def a = notify(Notice.of(me, 'help.offered', '/help/a', [:])).orElseThrow()
        notify(Notice.of(me, 'help.offered', '/help/b', [:]))
        notify(Notice.of(me, 'help.offered', '/help/c', [:]))

        when:
        def one = admin.post("/api/notifications/${a}/read", [:])

        then:
        one.status == 200
        one.json.unread == 2

        when:
        def all = admin.post('/api/notifications/read-all', [:])

        then:
        all.json.unread == 0
        admin.get('/api/notifications').json.unread == 0
        conditions.eventually {
            def reads = live.eventsOf("person:${me}").findAll { it.type == 'notification.read' }
            assert reads*.unread == [2, 0]
        }

        cleanup:
        live?.close()
    }

    def "an unknown notification is not found and a malformed id is a bad request"() {
        expect:
        member.post("/api/notifications/${UUID.randomUUID()}/read", [:]).status == 404
        member.post('/api/notifications/not-a-uuid/read', [:]).status == 400
    }
}
