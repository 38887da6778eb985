package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import net.fortuna.ical4j.data.CalendarBuilder
import net.fortuna.ical4j.model.Calendar
import net.fortuna.ical4j.model.component.VEvent
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant
import java.time.ZonedDateTime

/** The feeds parse back with ical4j to the instants the API gives; changes bump SEQUENCE. */
class CalendarFeedSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient facilitator
    @Shared
    ApiClient member
    @Shared
    Map series

    def setupSpec() {
        def admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        member = Accounts.invited(app, admin, 'member')
        series = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Rencontre bimestrielle', format: 'online',
                durationMinutes: 90, timeZone: 'Europe/Paris', firstStart: '2026-03-10T10:00:00', recurrence: 'bimonthly',
                until: '2027-01-31', description: 'Entre pairs', dialIn: 'Par téléphone : +33 1 00 00 00 00']).json
        assert series.occurrences.size() == 6
    }

    static Calendar parse(String text) {
        new CalendarBuilder().build(new StringReader(text))
    }

    static List<VEvent> events(Calendar calendar) {
        calendar.getComponents('VEVENT') as List<VEvent>
    }

    static Instant instant(VEvent event, String name) {
        Instant.from(event.getProperty(name).get().date)
    }

    static String value(VEvent event, String name) {
        event.getProperty(name).map { it.value }.orElse(null)
    }

    String get(String url) {
        def reply = app.client().get(url.substring(app.baseUrl.length()))
        assert reply.status == 200: reply.toString()
        assert reply.contentType.startsWith('text/calendar')
        reply.text
    }

    def "the theme feed is the series' rule, in the organiser's zone with its VTIMEZONE, expanding to the API's instants"() {
        given:
        def url = member.post('/api/peer-sessions/feed').json.url

        when:
        def text = get(url.replace('.ics', "/themes/${THEME}.ics"))
        def calendar = parse(text)
        def master = events(calendar).find { !it.getProperty('RECURRENCE-ID').present }
        def seed = master.getProperty('DTSTART').get().date as ZonedDateTime
        def recur = master.getProperty('RRULE').get().recur
        def expanded = recur.getDates(seed, seed, seed.plusYears(2)).collect { Instant.from(it).toString() }

        then:
        text.contains('BEGIN:VTIMEZONE')
        text.contains('TZID:Europe/Paris')
        text.contains('DTSTART;TZID=Europe/Paris:20260310T100000')
        value(master, 'UID') == "series-${series.id}@maillage"
        value(master, 'SEQUENCE') == '0'
        events(calendar).every { it.getProperties('DTSTAMP').size() == 1 && it.getProperties('UID').size() == 1 }
        expanded == series.occurrences*.startsAt
    }

    def "a moved occurrence is an override with RECURRENCE-ID; a cancelled one has STATUS:CANCELLED; SEQUENCE is bumped"() {
        given:
        def moved = series.occurrences[1]
        def cancelled = series.occurrences[2]
        facilitator.post("/api/peer-sessions/occurrences/${moved.id}/move", [start: '2026-05-19T11:00:00'])
        facilitator.post("/api/peer-sessions/occurrences/${cancelled.id}/cancel")
        def url = member.post('/api/peer-sessions/feed').json.url

        when:
        def calendar = parse(get(url.replace('.ics', "/themes/${THEME}.ics")))
        def overrides = events(calendar).findAll { it.getProperty('RECURRENCE-ID').present }
        def movedEvent = overrides.find { instant(it, 'RECURRENCE-ID').toString() == moved.originalStart }
        def cancelledEvent = overrides.find { instant(it, 'RECURRENCE-ID').toString() == cancelled.originalStart }

        then:
        overrides.every { value(it, 'UID') == "series-${series.id}@maillage" }
        instant(movedEvent, 'DTSTART') == Instant.parse('2026-05-19T09:00:00Z')
        instant(movedEvent, 'DTEND') == Instant.parse('2026-05-19T10:30:00Z')
        value(movedEvent, 'SEQUENCE') == '1'
        value(movedEvent, 'STATUS') == 'CONFIRMED'
        value(cancelledEvent, 'STATUS') == 'CANCELLED'
        value(cancelledEvent, 'SEQUENCE') == '1'
    }

    def "a change to the series bumps SEQUENCE in the feed and in the occurrence file"() {
        given:
        def occurrence = series.occurrences[4]
        def before = parse(member.get("/api/peer-sessions/occurrences/${occurrence.id}/ics").text)

        when:
        assert facilitator.patch("/api/peer-sessions/series/${series.id}", [title: 'Rencontre entre pairs']).status == 200
        def after = parse(member.get("/api/peer-sessions/occurrences/${occurrence.id}/ics").text)
        def feed = parse(get(member.post('/api/peer-sessions/feed').json.url.replace('.ics', "/themes/${THEME}.ics")))
        def master = events(feed).find { !it.getProperty('RECURRENCE-ID').present }

        then:
        value(events(before)[0], 'SEQUENCE') == '0'
        value(events(after)[0], 'SEQUENCE') == '1'
        value(events(after)[0], 'SUMMARY') == 'Rencontre entre pairs'
        value(events(after)[0], 'UID') == "occurrence-${occurrence.id}@maillage"
        instant(events(after)[0], 'DTSTART').toString() == occurrence.startsAt
        value(master, 'SEQUENCE') == '1'
        value(master, 'DESCRIPTION').contains('+33 1 00 00 00 00')
    }

    def "the personal feed holds what one attends; its URL needs no sign-in and stops working when revoked"() {
        given:
        def other = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Ponctuelle', format: 'online',
                durationMinutes: 60, firstStart: '2026-04-02T18:00:00', timeZone: 'Pacific/Noumea', recurrence: 'once']).json
        member.send('PUT', "/api/peer-sessions/occurrences/${other.occurrences[0].id}/rsvp", [answer: 'yes'])
        def url = member.post('/api/peer-sessions/feed').json.url

        when:
        def calendar = parse(get(url))
        def mine = events(calendar)

        then:
        mine.size() == 1
        value(mine[0], 'UID') == "series-${other.id}@maillage"
        instant(mine[0], 'DTSTART').toString() == other.occurrences[0].startsAt
        calendar.toString().contains('TZID:Pacific/Noumea')
        member.get('/api/peer-sessions/feed').json.active

        when:
        def renewed = member.post('/api/peer-sessions/feed').json.url

        then:
        app.client().get(url.substring(app.baseUrl.length())).status == 404
        app.client().get(renewed.substring(app.baseUrl.length())).status == 200

        when:
        member.delete('/api/peer-sessions/feed')

        then:
        app.client().get(renewed.substring(app.baseUrl.length())).status == 404
        !member.get('/api/peer-sessions/feed').json.active
    }
}
