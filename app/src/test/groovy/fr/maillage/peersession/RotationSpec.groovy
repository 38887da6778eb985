package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

/**
 * Rotating slots (issue 19): a series alternates between two or three start times so the
 * inconvenience rotates between territories. Each start time is published as its own VEVENT
 * with its rule (the preset's, every n-th time); ical.js reads the same instants as the API
 * across daylight saving, an override matches its slot, and RSVPs and reminders follow each
 * occurrence's own time.
 */
class RotationSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-01-02T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient facilitator
    @Shared
    ApiClient member

    def setupSpec() {
        def admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        member = Accounts.invited(app, admin, 'member')
        assert member.patch('/api/me', [territoryCode: '988']).status == 200
    }

    def "a bimonthly series rotating between 09:00 and 19:00 in Paris is two VEVENTs that ical.js reads at the API's instants"() {
        when: 'the 2nd Tuesday every two months from 13 January 2026, 09:00 then 19:00 Paris'
        def reply = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'En alternance', format: 'online', durationMinutes: 90,
                timeZone: 'Europe/Paris', firstStart: '2026-01-13T09:00:00', recurrence: 'bimonthly', until: '2026-12-31',
                rotateWith: ['19:00']])
        def series = reply.json

        then: 'the occurrences take the two times in turn, in Paris, across the change to summer time'
        reply.status == 201
        series.rotation == ['09:00', '19:00']
        series.occurrences*.organiserStart == ['2026-01-13T09:00:00', '2026-03-10T19:00:00', '2026-05-12T09:00:00',
                                               '2026-07-14T19:00:00', '2026-09-08T09:00:00', '2026-11-10T19:00:00']
        series.occurrences*.startsAt == ['2026-01-13T08:00:00Z', '2026-03-10T18:00:00Z', '2026-05-12T07:00:00Z',
                                         '2026-07-14T17:00:00Z', '2026-09-08T07:00:00Z', '2026-11-10T18:00:00Z']

        and: 'Nouméa sees the inconvenience rotate: 19:00 then 05:00 the next morning'
        def seen = member.get("/api/peer-sessions/series/${series.id}").json.occurrences
        seen*.readerStart.take(2) == ['2026-01-13T19:00:00', '2026-03-11T05:00:00']

        when: 'a 19:00 occurrence is cancelled and another moved; the theme feed is read by ical.js'
        assert facilitator.post("/api/peer-sessions/occurrences/${series.occurrences[3].id}/cancel").status == 200
        assert facilitator.post("/api/peer-sessions/occurrences/${series.occurrences[2].id}/move", [start: '2026-05-13T09:00:00']).status == 200
        def url = member.post('/api/peer-sessions/feed').json.url
        def text = app.client().get(url.substring(app.baseUrl.length()).replace('.ics', "/themes/${THEME}.ics")).text
        def mine = CalendarInteropSpec.icalJs(text).findAll { (it.uid as String).startsWith("series-${series.id}-") }
        def unfolded = text.replace('\r\n ', '')
        def expected = member.get("/api/peer-sessions/series/${series.id}").json.occurrences

        then: 'one VEVENT per start time, each every four months, and the same instants and statuses'
        unfolded.contains("UID:series-${series.id}-1@maillage")
        unfolded.contains("UID:series-${series.id}-2@maillage")
        unfolded.readLines().findAll { it.startsWith('RRULE:') && ['FREQ=MONTHLY', 'INTERVAL=4', 'BYDAY=2TU', 'COUNT=3'].every { part -> it.contains(part) } }.size() == 2
        unfolded.contains('DTSTART;TZID=Europe/Paris:20260113T090000')
        unfolded.contains('DTSTART;TZID=Europe/Paris:20260310T190000')
        mine.sort { it.start }*.start == expected*.startsAt
        mine.find { it.recurrenceId == '2026-07-14T17:00:00Z' }.status == 'CANCELLED'
        mine.find { it.recurrenceId == '2026-05-12T07:00:00Z' }.start == '2026-05-13T07:00:00Z'
    }

    def "RSVPs and reminders follow each occurrence's own start time"() {
        given:
        def series = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Rappels en alternance', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2026-02-10T09:00:00', recurrence: 'monthly', until: '2026-06-30',
                rotateWith: ['13:00', '19:00']]).json
        def evening = series.occurrences[2]

        when:
        def answer = member.send('PUT', "/api/peer-sessions/occurrences/${evening.id}/rsvp", [answer: 'yes'])

        then:
        series.occurrences*.organiserStart*.substring(11, 16) == ['09:00', '13:00', '19:00', '09:00', '13:00']
        answer.status == 200
        answer.json.seat == 'attending'
        evening.startsAt == '2026-04-14T17:00:00Z'
        Rows.count(app, "SELECT count(*) FROM session_reminder WHERE occurrence_id = ?::uuid AND due_at = '2026-04-14T16:00:00Z'", evening.id) == 1
        Rows.count(app, "SELECT count(*) FROM session_reminder WHERE occurrence_id = ?::uuid AND due_at = '2026-04-13T17:00:00Z'", evening.id) == 1
    }

    def "only a monthly, bimonthly or quarterly series rotates, between distinct times"() {
        expect:
        def reply = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Refusée', format: 'online', durationMinutes: 60,
                timeZone: 'Europe/Paris', firstStart: '2026-02-10T09:00:00', recurrence: recurrence, rrule: rrule, rotateWith: times])
        reply.status == 400
        reply.json.violations*.field == ['rotateWith']

        where:
        recurrence | rrule                  | times
        'once'     | null                   | ['19:00']
        'custom'   | 'FREQ=WEEKLY;COUNT=4'  | ['19:00']
        'monthly'  | null                   | ['09:00']
        'monthly'  | null                   | ['7 pm']
    }
}
