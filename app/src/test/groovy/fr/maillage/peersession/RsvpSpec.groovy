package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Instant
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

/** RSVPs per occurrence within capacity, the waiting list and its promotion, live counts. */
class RsvpSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient admin
    @Shared
    ApiClient facilitator
    @Shared
    List<ApiClient> members = []

    def setupSpec() {
        admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        14.times { members << Accounts.invited(app, admin, 'member') }
    }

    Map series(int capacity, Map extra = [:]) {
        def reply = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Atelier', format: 'online',
                durationMinutes: 60, firstStart: '2026-04-14T10:00:00', recurrence: 'once', capacity: capacity] + extra)
        assert reply.status == 201: reply.toString()
        reply.json as Map
    }

    def parallel(List<Closure> calls) {
        def pool = Executors.newFixedThreadPool(calls.size())
        def start = new CountDownLatch(1)
        try {
            def futures = calls.collect { call -> pool.submit({ start.await(); call() } as Callable) }
            start.countDown()
            futures*.get()
        } finally {
            pool.shutdown()
        }
    }

    def "many members answer yes for the last seat at once: one gets it, the others wait in order"() {
        given:
        def occurrence = series(3).occurrences[0]
        members[0].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        members[1].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        def contenders = members[2..13]

        when:
        def replies = parallel(contenders.collect { m -> { -> m.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes']) } })

        then:
        replies.every { it.status == 200 }
        replies.count { it.json.seat == 'attending' } == 1
        replies.count { it.json.seat == 'waiting' } == 11
        Rows.count(app, "SELECT count(*) FROM session_rsvp WHERE occurrence_id = ?::uuid AND seat = 'attending'", occurrence.id) == 3
        Rows.count(app, 'SELECT attending FROM session_occurrence WHERE id = ?::uuid', occurrence.id) == 3

        when: "two attendees withdraw at once"
        def detail = facilitator.get("/api/peer-sessions/occurrences/${occurrence.id}").json
        def queue = detail.waitingList*.id
        def withdrawals = parallel([members[0], members[1]].collect { m -> { -> m.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'no']) } })
        def after = facilitator.get("/api/peer-sessions/occurrences/${occurrence.id}").json

        then: "exactly the first two waiting are promoted, once each, and told"
        withdrawals.every { it.status == 200 && it.json.seat == null }
        after.attendees.size() == 3
        after.occurrence.attending == 3
        after.waitingList*.id == queue.drop(2)
        after.attendees*.id.containsAll(queue.take(2))
        Rows.count(app, "SELECT count(*) FROM notification WHERE kind = 'session.promoted' AND data->>'occurrenceId' = ?", occurrence.id) == 2
        queue.take(2).every { id ->
            Rows.count(app, "SELECT count(*) FROM notification WHERE kind = 'session.promoted' AND recipient_id = ?::uuid", id) == 1
        }
    }

    def "answering yes twice keeps one seat; maybe and no take none"() {
        given:
        def occurrence = series(2).occurrences[0]

        when:
        def first = members[0].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        def again = members[0].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        def maybe = members[1].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'maybe'])
        def no = members[2].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'no'])

        then:
        first.json.seat == 'attending'
        again.json.seat == 'attending'
        again.json.attending == 1
        maybe.json.seat == null
        no.json.seat == null
        Rows.count(app, 'SELECT attending FROM session_occurrence WHERE id = ?::uuid', occurrence.id) == 1
    }

    def "raising the capacity promotes the waiting list; lowering it below the attendees is refused"() {
        given:
        def created = series(1)
        def occurrence = created.occurrences[0]
        members[3].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        members[4].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])

        when:
        def raised = facilitator.patch("/api/peer-sessions/series/${created.id}", [capacity: 2])

        then:
        raised.status == 200
        raised.json.occurrences[0].attending == 2
        raised.json.occurrences[0].waiting == 0

        when:
        def lowered = facilitator.patch("/api/peer-sessions/series/${created.id}", [capacity: 1, title: 'Changé'])

        then:
        lowered.status == 409
        lowered.problem
        def unchanged = facilitator.get("/api/peer-sessions/series/${created.id}").json
        unchanged.capacity == 2
        unchanged.title == 'Atelier'
    }

    def "answers close at the RSVP deadline and on a cancelled occurrence"() {
        given:
        def late = series(5, [rsvpDeadlineMinutes: 43_200, firstStart: '2026-03-20T10:00:00']).occurrences[0]
        def cancelled = series(5).occurrences[0]
        facilitator.post("/api/peer-sessions/occurrences/${cancelled.id}/cancel")

        expect:
        members[5].send('PUT', "/api/peer-sessions/occurrences/${late.id}/rsvp", [answer: 'yes']).status == 409
        members[5].send('PUT', "/api/peer-sessions/occurrences/${cancelled.id}/rsvp", [answer: 'yes']).status == 409
        members[5].send('PUT', "/api/peer-sessions/occurrences/${cancelled.id}/rsvp", [answer: 'perhaps']).status == 400
    }

    def "an RSVP reaches every reader of the theme's session stream, with its sequence"() {
        given:
        def occurrence = series(10).occurrences[0]
        def live = LiveClient.connect(app.baseUrl, members[6])
        def stream = "sessions:${THEME}".toString()
        assert live.answer(live.subscribe(stream)).type == 'ack'

        when:
        members[7].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])

        then:
        new PollingConditions(timeout: 10).eventually {
            def event = live.eventsOf(stream).find { it.type == 'session.rsvp_changed' && it.occurrenceId == occurrence.id }
            assert event
            assert event.attending == 1
            assert event.waiting == 0
        }

        cleanup:
        live?.close()
    }
}
