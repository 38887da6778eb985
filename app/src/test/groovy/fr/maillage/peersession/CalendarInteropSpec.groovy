package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import net.fortuna.ical4j.data.CalendarBuilder
import net.fortuna.ical4j.model.component.VEvent
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.nio.charset.StandardCharsets
import java.time.DayOfWeek
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneId
import java.time.ZonedDateTime
import java.time.temporal.TemporalAdjusters

/**
 * The calendar defects of issue 19, each read back by a second engine: ical.js (the web
 * client's dev dependency, run by node) expands every feed, and the instants it gives are
 * compared with the API's and with java.time's own reading of RFC 5545.
 */
class CalendarInteropSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    static final ZoneId PARIS = ZoneId.of('Europe/Paris')
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
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
    }

    /** ical.js's reading of a calendar text: one map per occurrence (uid, recurrenceId, start, end, status). */
    static List<Map> icalJs(String text) {
        def library = new File('../web-client/node_modules/ical.js/dist/ical.js')
        assert library.exists(): 'ical.js is missing: run npm ci in web-client (mvn install does)'
        def script = new File(CalendarInteropSpec.getResource('/ics/expand.mjs').toURI())
        def process = new ProcessBuilder('node', script.absolutePath, library.absolutePath).redirectErrorStream(false).start()
        process.outputStream.withCloseable { it.write(text.getBytes(StandardCharsets.UTF_8)) }
        def out = process.inputStream.text
        def err = process.errorStream.text
        assert process.waitFor() == 0: err
        new JsonSlurper().parseText(out) as List<Map>
    }

    String feed(ApiClient who, String suffix = '') {
        def url = who.post('/api/peer-sessions/feed').json.url
        def reply = app.client().get(url.substring(app.baseUrl.length()).replace('.ics', suffix + '.ics'))
        assert reply.status == 200
        reply.text
    }

    static Map create(ApiClient who, Map fields) {
        def reply = who.post('/api/peer-sessions/series', [theme: THEME, format: 'online', durationMinutes: 60, timeZone: 'Europe/Paris'] + fields)
        assert reply.status == 201: reply.toString()
        reply.json as Map
    }

    static String unfolded(String text) {
        text.replace('\r\n ', '')
    }

    def "a series starting in the spring-forward gap keeps its wall time, and its cancelled first occurrence matches"() {
        given: 'the last Sunday of each month at 02:30 in Paris, from 29 March 2026, when 02:30 does not exist'
        def series = create(facilitator, [title: 'Veille de nuit', firstStart: '2026-03-29T02:30:00', recurrence: 'custom',
                                          rrule: 'FREQ=MONTHLY;BYDAY=-1SU;COUNT=7'])
        def gap = series.occurrences[0]
        assert facilitator.post("/api/peer-sessions/occurrences/${gap.id}/cancel").status == 200
        def expected = (3..9).collect { month ->
            def day = LocalDate.of(2026, month, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY))
            // RFC 5545 3.3.5: a nonexistent local time is read with the offset before the gap.
            // (25 October, when 02:30 happens twice, is left out: engines differ there.)
            ZonedDateTime.ofLocal(day.atTime(LocalTime.of(2, 30)), PARIS, null).toInstant().toString()
        }

        when:
        def text = feed(member, "/themes/${THEME}")
        def mine = icalJs(text).findAll { it.uid == "series-${series.id}@maillage".toString() }

        then: 'the series is published at 02:30, the override names 02:30 too'
        unfolded(text).contains('DTSTART;TZID=Europe/Paris:20260329T023000')
        unfolded(text).contains('RECURRENCE-ID;TZID=Europe/Paris:20260329T023000')
        expected[0] == '2026-03-29T01:30:00Z'

        and: 'the API and ical.js agree with java.time on every instant, and the override hits the first occurrence'
        series.occurrences*.originalStart == expected
        mine*.start == expected
        mine*.recurrenceId.drop(1) == expected.drop(1)
        mine.findAll { it.status == 'CANCELLED' }*.start == [expected[0]]
        mine*.end == expected.collect { Instant.parse(it).plusSeconds(3600).toString() }
    }

    def "every line of a feed and of an occurrence file is folded within 75 octets and unfolds to the text"() {
        given:
        def title = 'Échange entre pairs — ' + ('Sécurité numérique des collectivités ultramarines 🌴 ' * 2).strip()
        def description = 'Ordre du jour : ' + ('réciprocité, égalité d’accès, échanges à distance ; ' * 12).strip()
        def series = create(facilitator, [title: title, description: description, firstStart: '2026-04-14T10:00:00',
                                          recurrence: 'monthly', until: '2026-07-31'])
        def occurrence = series.occurrences[0]

        when:
        def texts = [feed(member, "/themes/${THEME}"), member.get("/api/peer-sessions/occurrences/${occurrence.id}/ics").text]

        then:
        texts.every { text ->
            text.split('\r\n').every { it.getBytes(StandardCharsets.UTF_8).length <= 75 } && !text.contains('\n\n')
        }
        texts.every { text ->
            def events = new CalendarBuilder().build(new StringReader(text)).getComponents('VEVENT') as List<VEvent>
            events.find { it.getProperty('SUMMARY').get().value == title } != null
        }
        icalJs(texts[1])*.start == [occurrence.startsAt]
    }

    def "a cancelled one-off file is METHOD:CANCEL; a moved occurrence's file carries its new SEQUENCE and its link"() {
        given:
        def once = create(facilitator, [title: 'Ponctuelle', firstStart: '2026-05-05T18:00:00', recurrence: 'once']).occurrences[0]
        def monthly = create(facilitator, [title: 'Mensuelle', firstStart: '2026-05-06T10:00:00', recurrence: 'monthly',
                                           until: '2026-08-31']).occurrences[1]

        when:
        facilitator.post("/api/peer-sessions/occurrences/${once.id}/cancel")
        facilitator.post("/api/peer-sessions/occurrences/${monthly.id}/move", [start: '2026-06-04T11:00:00'])
        facilitator.post("/api/peer-sessions/occurrences/${monthly.id}/move", [start: '2026-06-04T12:00:00'])
        def cancelled = member.get("/api/peer-sessions/occurrences/${once.id}/ics").text
        def moved = unfolded(member.get("/api/peer-sessions/occurrences/${monthly.id}/ics").text)

        then:
        cancelled.contains('METHOD:CANCEL\r\n')
        cancelled.contains('STATUS:CANCELLED\r\n')
        cancelled.contains('SEQUENCE:1\r\n')
        icalJs(cancelled)*.status == ['CANCELLED']

        and:
        moved.contains('METHOD:PUBLISH\r\n')
        moved.contains('SEQUENCE:2\r\n')
        icalJs(moved)*.start == ['2026-06-04T10:00:00Z']
        moved.contains("URL:${app.baseUrl}/sessions/occurrences/${monthly.id}")
        new CalendarBuilder().build(new StringReader(moved)).getComponents('VEVENT')[0].getProperty('DESCRIPTION').get().value
                .contains("${app.baseUrl}/sessions/occurrences/${monthly.id}")
    }

    def "the private feed leaves out an occurrence answered no, unless the person follows the series"() {
        given:
        def series = create(facilitator, [title: 'Club des pairs', firstStart: '2026-04-07T09:00:00', recurrence: 'monthly',
                                          until: '2026-07-31'])
        def (yes, no) = [series.occurrences[0], series.occurrences[1]]
        member.send('PUT', "/api/peer-sessions/occurrences/${yes.id}/rsvp", [answer: 'yes'])
        member.send('PUT', "/api/peer-sessions/occurrences/${no.id}/rsvp", [answer: 'no'])

        when:
        def starts = icalJs(feed(member)).findAll { it.uid == "series-${series.id}@maillage".toString() }*.start

        then:
        starts == series.occurrences*.startsAt - [no.startsAt]

        when:
        member.send('PUT', "/api/peer-sessions/series/${series.id}/follow", [following: true])
        def following = icalJs(feed(member)).findAll { it.uid == "series-${series.id}@maillage".toString() }*.start

        then:
        following == series.occurrences*.startsAt
    }

    def "the private feed shows the person's answer on each occurrence it holds"() {
        given:
        def series = create(facilitator, [title: 'Réponses', firstStart: '2026-04-08T09:00:00', recurrence: 'monthly', until: '2026-07-31'])
        def (yes, maybe, no) = [series.occurrences[0], series.occurrences[1], series.occurrences[2]]
        member.send('PUT', "/api/peer-sessions/occurrences/${yes.id}/rsvp", [answer: 'yes'])
        member.send('PUT', "/api/peer-sessions/occurrences/${maybe.id}/rsvp", [answer: 'maybe'])
        member.send('PUT', "/api/peer-sessions/occurrences/${no.id}/rsvp", [answer: 'no'])
        member.send('PUT', "/api/peer-sessions/series/${series.id}/follow", [following: true])

        when:
        def text = feed(member)
        def events = new CalendarBuilder().build(new StringReader(text)).getComponents('VEVENT') as List<VEvent>
        def answerOf = { occurrence ->
            def event = events.find {
                it.getProperty('UID').get().value == "series-${series.id}@maillage".toString() && it.getProperty('RECURRENCE-ID').present &&
                        it.getProperty('URL').get().value.endsWith(occurrence.id as String)
            }
            event?.getProperty('DESCRIPTION')?.get()?.value?.readLines()?.first()
        }

        then:
        answerOf(yes) == 'Votre réponse : oui, vous participez.'
        answerOf(maybe) == 'Votre réponse : peut-être.'
        answerOf(no) == 'Votre réponse : non (vous suivez la série).'
        answerOf(series.occurrences[3]) == null
        icalJs(text).findAll { it.uid == "series-${series.id}@maillage".toString() }*.start == series.occurrences*.startsAt
    }

    def "a series organised in #zone from #firstStart is read by ical.js at the instants the API gives, its cancelled first occurrence matched"() {
        given:
        def series = create(facilitator, [title: "Série ${zone}", firstStart: firstStart, recurrence: 'custom', rrule: rule, timeZone: zone])
        assert facilitator.post("/api/peer-sessions/occurrences/${series.occurrences[0].id}/cancel").status == 200
        def local = java.time.LocalDateTime.parse(firstStart)

        when:
        def text = feed(member, "/themes/${THEME}")
        def mine = icalJs(text).findAll { it.uid == "series-${series.id}@maillage".toString() }

        then: 'java.time, the API and ical.js agree; the first start is read as RFC 5545 says even in a gap'
        series.occurrences[0].originalStart == ZonedDateTime.ofLocal(local, ZoneId.of(zone), null).toInstant().toString()
        mine*.start == series.occurrences*.startsAt
        mine*.recurrenceId.drop(1) == series.occurrences*.originalStart.drop(1)
        mine.findAll { it.status == 'CANCELLED' }*.start == [series.occurrences[0].startsAt]
        series.occurrences.size() == count

        and: 'the file of the second occurrence too'
        icalJs(member.get("/api/peer-sessions/occurrences/${series.occurrences[1].id}/ics").text)*.start == [series.occurrences[1].startsAt]

        where:
        zone                | firstStart            | rule                               | count
        'Europe/Paris'      | '2026-03-29T02:30:00' | 'FREQ=MONTHLY;BYDAY=-1SU;COUNT=6'  | 6
        'America/Miquelon'  | '2026-03-08T02:30:00' | 'FREQ=MONTHLY;BYDAY=2SU;COUNT=6'   | 6
        'Pacific/Noumea'    | '2026-04-14T18:00:00' | 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=5' | 5
        'Pacific/Tahiti'    | '2026-04-13T20:00:00' | 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2MO;COUNT=5' | 5
        'Pacific/Marquesas' | '2026-04-13T20:30:00' | 'FREQ=WEEKLY;COUNT=8'               | 8
        'America/Cayenne'   | '2026-04-14T05:00:00' | 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6'   | 6
        'Indian/Reunion'    | '2026-04-14T12:00:00' | 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6'   | 6
        'Indian/Mayotte'    | '2026-04-14T11:00:00' | 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6'   | 6
    }
}
