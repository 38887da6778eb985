package fr.maillage.peersession

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

/** Reminders 24 h and 1 h before, each sent once although two nodes look for due ones at once. */
class ReminderSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
    // The clock moves months ahead here: sessions must outlive the default 14-day idle timeout.
    static final Map LONG_SESSIONS = ['maillage.identity.session-ttl': '365d', 'maillage.identity.session-max-lifetime': '365d']
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(clock: clock, redis: true, nodeId: 'reminder-a', properties: LONG_SESSIONS)
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(clock: clock, redis: true, nodeId: 'reminder-b', database: nodeA.databaseUrl, redisPrefix: nodeA.redisPrefix,
            properties: LONG_SESSIONS)
    @Shared
    ApiClient facilitator
    @Shared
    List<ApiClient> members = []

    def setupSpec() {
        def admin = Accounts.administrator(nodeA)
        facilitator = Accounts.invited(nodeA, admin, 'facilitator')
        4.times { members << Accounts.invited(nodeA, admin, 'member') }
    }

    /** Both nodes claim due reminders at the same moment, a few times over. */
    void bothNodesSendDue() {
        def pool = Executors.newFixedThreadPool(4)
        def start = new CountDownLatch(1)
        try {
            def calls = [nodeA, nodeB, nodeA, nodeB].collect { node -> pool.submit({ start.await(); node.bean(SessionReminders).sendDue() } as Callable) }
            start.countDown()
            calls*.get()
        } finally {
            pool.shutdown()
        }
    }

    long reminders(String occurrenceId, int minutes) {
        Rows.count(nodeA, "SELECT count(*) FROM notification WHERE kind = 'session.reminder' AND dedupe_key LIKE ?",
                "reminder:${occurrenceId}:${minutes}:%".toString())
    }

    def "each reminder reaches each participant exactly once, 24 h and then 1 h before"() {
        given:
        def occurrence = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Rappels', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2026-03-05T10:00:00', recurrence: 'once']).json.occurrences[0]
        Instant start = Instant.parse(occurrence.startsAt)
        members[0].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        members[1].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'maybe'])
        members[2].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'no'])

        when: "just before the 24 h mark"
        clock.set(start.minus(Duration.ofHours(24)).minusSeconds(60))
        bothNodesSendDue()

        then:
        reminders(occurrence.id, 1440) == 0

        when:
        clock.set(start.minus(Duration.ofHours(24)).plusSeconds(30))
        bothNodesSendDue()
        bothNodesSendDue()

        then:
        reminders(occurrence.id, 1440) == 2
        reminders(occurrence.id, 60) == 0

        when:
        clock.set(start.minus(Duration.ofMinutes(59)))
        bothNodesSendDue()

        then:
        reminders(occurrence.id, 1440) == 2
        reminders(occurrence.id, 60) == 2
        Rows.count(nodeA, "SELECT count(*) FROM session_reminder WHERE occurrence_id = ?::uuid AND sent_at IS NOT NULL", occurrence.id) == 2
    }

    def "a cancelled occurrence sends no reminder; a change within 24 h is urgent"() {
        given:
        // Sign-in sessions last 30 days on this clock: stay within them.
        clock.set(Instant.parse('2026-03-20T12:00:00Z'))
        def created = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Annulée', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2026-03-21T10:00:00', recurrence: 'custom',
                rrule: 'FREQ=WEEKLY;COUNT=3'])
        assert created.status == 201: created.toString()
        def occurrences = created.json.occurrences
        occurrences.each { members[3].send('PUT', "/api/peer-sessions/occurrences/${it.id}/rsvp", [answer: 'yes']) }
        def userId = members[3].get('/api/me').json.id

        when:
        facilitator.post("/api/peer-sessions/occurrences/${occurrences[0].id}/cancel")
        facilitator.post("/api/peer-sessions/occurrences/${occurrences[2].id}/move", [start: '2026-04-10T10:00:00'])
        clock.set(Instant.parse('2026-03-21T08:30:00Z'))
        bothNodesSendDue()

        then:
        reminders(occurrences[0].id, 60) == 0
        Rows.count(nodeA, "SELECT count(*) FROM notification WHERE kind = 'session.cancelled' AND urgent AND recipient_id = ?::uuid", userId) == 1
        Rows.count(nodeA, "SELECT count(*) FROM notification WHERE kind = 'session.moved' AND NOT urgent AND recipient_id = ?::uuid", userId) == 1
    }

    def "a moved occurrence re-arms its reminders: the 24 h reminder goes again before the new time, and the notice holds it"() {
        given:
        clock.set(Instant.parse('2026-03-24T08:00:00Z'))
        def occurrence = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Déplacée', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2026-03-25T10:00:00', recurrence: 'once']).json.occurrences[0]
        members[0].send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        def userId = members[0].get('/api/me').json.id
        clock.set(Instant.parse('2026-03-24T09:00:30Z'))
        bothNodesSendDue()
        assert reminders(occurrence.id, 1440) == 1

        when: 'moved two days later, then the clock passes 24 h before the new start'
        def moved = facilitator.post("/api/peer-sessions/occurrences/${occurrence.id}/move", [start: '2026-03-27T10:00:00'])
        def notice = Rows.count(nodeA, """SELECT count(*) FROM notification WHERE kind = 'session.moved' AND recipient_id = ?::uuid
                AND data->>'startsAt' = '2026-03-27T09:00:00Z' AND data->>'previousStartsAt' = '2026-03-25T09:00:00Z'""", userId)
        clock.set(Instant.parse('2026-03-26T09:00:30Z'))
        bothNodesSendDue()

        then:
        moved.status == 200
        notice == 1
        reminders(occurrence.id, 1440) == 2
        Rows.count(nodeA, "SELECT count(*) FROM session_reminder WHERE occurrence_id = ?::uuid AND due_at = '2026-03-27T08:00:00Z'", occurrence.id) == 1
    }
}
