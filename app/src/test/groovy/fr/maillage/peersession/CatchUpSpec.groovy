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

import java.time.Duration
import java.time.Instant

/** The catch-up pack lands as a live thread of the theme; the Jitsi room opens near the start. */
class CatchUpSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient facilitator
    @Shared
    ApiClient came
    @Shared
    ApiClient missed
    @Shared
    ApiClient named
    @Shared
    ApiClient outsider

    def setupSpec() {
        def admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        came = Accounts.invited(app, admin, 'member')
        missed = Accounts.invited(app, admin, 'member')
        named = Accounts.invited(app, admin, 'member')
        outsider = Accounts.invited(app, admin, 'member')
    }

    Map occurrence(String start) {
        facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Rencontre', format: 'online', durationMinutes: 60,
                timeZone: 'Europe/Paris', firstStart: start, recurrence: 'once', dialIn: 'Numéro : 01 00']).json.occurrences[0]
    }

    def "the room link appears to participants from 30 minutes before the start, on an unguessable room"() {
        given:
        clock.set(Instant.parse('2026-03-01T09:00:00Z'))
        def o = occurrence('2026-03-10T10:00:00')
        came.send('PUT', "/api/peer-sessions/occurrences/${o.id}/rsvp", [answer: 'yes'])

        when:
        def early = came.get("/api/peer-sessions/occurrences/${o.id}").json
        clock.set(Instant.parse(o.startsAt).minus(Duration.ofMinutes(10)))
        def near = came.get("/api/peer-sessions/occurrences/${o.id}").json
        def notAnswered = outsider.get("/api/peer-sessions/occurrences/${o.id}").json
        def host = facilitator.get("/api/peer-sessions/occurrences/${o.id}").json

        then:
        early.roomUrl == null
        early.roomOpensAt == '2026-03-10T08:30:00Z'
        early.dialIn == 'Numéro : 01 00'
        near.roomUrl ==~ /https:\/\/meet\.jit\.si\/Maillage-[0-9a-f]{32}/
        host.roomUrl == near.roomUrl
        notAnswered.roomUrl == null
        Rows.count(app, 'SELECT count(DISTINCT room_name) FROM session_occurrence') == Rows.count(app, 'SELECT count(*) FROM session_occurrence')
    }

    def "the facilitator publishes the pack: a thread appears live in the theme, linked, and those who missed it are told"() {
        given:
        clock.set(Instant.parse('2026-03-01T09:00:00Z'))
        def o = occurrence('2026-03-12T10:00:00')
        came.send('PUT', "/api/peer-sessions/occurrences/${o.id}/rsvp", [answer: 'yes'])
        missed.send('PUT', "/api/peer-sessions/occurrences/${o.id}/rsvp", [answer: 'yes'])
        def namedId = named.get('/api/me').json.id
        def missedId = missed.get('/api/me').json.id
        def reader = LiveClient.connect(app.baseUrl, outsider)
        assert reader.answer(reader.subscribe("theme:${THEME}".toString())).type == 'ack'

        when: "too early"
        def tooEarly = facilitator.post("/api/peer-sessions/occurrences/${o.id}/catch-up", [notes: 'x'])

        then:
        tooEarly.status == 409

        when:
        clock.set(Instant.parse(o.startsAt).plus(Duration.ofMinutes(5)))
        assert came.post("/api/peer-sessions/occurrences/${o.id}/check-in").status == 204
        clock.set(Instant.parse(o.endsAt).plus(Duration.ofMinutes(10)))
        def byMember = came.post("/api/peer-sessions/occurrences/${o.id}/catch-up", [notes: 'x'])
        def pack = facilitator.post("/api/peer-sessions/occurrences/${o.id}/catch-up", [notes: 'Nous avons parlé des tiers-lieux.',
                decisions: 'Prochaine fois : financement.', links: ['https://example.org/support'], present: [namedId]])
        def thread = came.get("/api/threads/${pack.json.threadId}").json
        def detail = came.get("/api/peer-sessions/occurrences/${o.id}").json

        then:
        byMember.status == 403
        pack.status == 201
        pack.json.present*.id.size() == 2
        pack.json.missed*.id == [missedId]
        thread.thread.theme == THEME
        thread.posts[0].body.contains('Nous avons parlé des tiers-lieux.')
        thread.posts[0].body.contains('https://example.org/support')
        detail.occurrence.catchUpThreadId == pack.json.threadId
        detail.attendees.find { it.checkedIn }
        Rows.count(app, "SELECT count(*) FROM notification WHERE kind = 'session.catch_up' AND recipient_id = ?::uuid", missedId) == 1
        Rows.count(app, "SELECT count(*) FROM notification WHERE kind = 'session.catch_up'") == 1
        new PollingConditions(timeout: 10).eventually {
            assert reader.eventsOf("theme:${THEME}".toString()).find { it.type == 'discussion.thread_created' && it.thread.id == pack.json.threadId }
        }

        when:
        def again = facilitator.post("/api/peer-sessions/occurrences/${o.id}/catch-up", [notes: 'encore'])

        then:
        again.status == 409
        Rows.count(app, "SELECT count(*) FROM notification WHERE kind = 'session.catch_up'") == 1

        cleanup:
        reader?.close()
    }
}
