package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

/**
 * "The 2nd Tuesday every two months at 10:00 Europe/Paris", 2026 to 2028: expanded on Paris wall
 * time, shown in each overseas zone, with the occurrences whose local time shifts flagged.
 */
class RecurrenceSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    static final List<String> SECOND_TUESDAYS = [
            '2026-01-13', '2026-03-10', '2026-05-12', '2026-07-14', '2026-09-08', '2026-11-10',
            '2027-01-12', '2027-03-09', '2027-05-11', '2027-07-13', '2027-09-14', '2027-11-09',
            '2028-01-11', '2028-03-14', '2028-05-09', '2028-07-11', '2028-09-12', '2028-11-14']
    /** Paris is on summer time (UTC+2) in May, July and September; on winter time (UTC+1) otherwise. */
    static boolean summer(String date) { date.substring(5, 7) in ['05', '07', '09'] }

    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2025-12-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient facilitator
    @Shared
    Map series

    def setupSpec() {
        def admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        def reply = facilitator.post('/api/peer-sessions/series', [
                theme          : THEME, title: 'Rencontre bimestrielle', format: 'online', durationMinutes: 90,
                timeZone       : 'Europe/Paris', firstStart: '2026-01-13T10:00:00', recurrence: 'bimonthly',
                until          : '2028-12-31', capacity: 30])
        assert reply.status == 201: reply.toString()
        series = reply.json as Map
    }

    def "the bimonthly preset is the 2nd Tuesday of every other month at 10:00 in Paris"() {
        expect:
        series.rrule == 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;UNTIL=20281231T235959'
        series.occurrences*.organiserStart == SECOND_TUESDAYS.collect { "${it}T10:00:00".toString() }
        series.occurrences*.startsAt == SECOND_TUESDAYS.collect { "${it}T${summer(it) ? '08' : '09'}:00:00Z".toString() }
        series.occurrences*.organiserOffset == SECOND_TUESDAYS.collect { summer(it) ? '+02:00' : '+01:00' }
        series.occurrences.every { it.organiserZone == 'Europe/Paris' && it.status == 'scheduled' && !it.moved }
    }

    def "the organiser's zone changes offset in May and November: those occurrences are flagged"() {
        expect:
        series.occurrences.findAll { it.organiserDstShift }*.organiserStart*.substring(0, 10) ==
                ['2026-05-12', '2026-11-10', '2027-05-11', '2027-11-09', '2028-05-09', '2028-11-14']
    }

    def "in #zone 10:00 Paris is #winter in winter and #summerTime in summer, shifts flagged: #shifts"() {
        when:
        def seen = facilitator.get("/api/peer-sessions/series/${series.id}?zone=${zone}").json

        then:
        seen.occurrences.every { it.readerZone == zone }
        seen.occurrences.eachWithIndex { o, i ->
            String date = SECOND_TUESDAYS[i]
            String expected = summer(date) ? summerTime : winter
            String day = expected.startsWith('-1 ') ? java.time.LocalDate.parse(date).minusDays(1).toString() : date
            assert o.readerStart == "${day}T${expected.replace('-1 ', '')}:00".toString(): "${zone} ${date}"
            assert offset == null || o.readerOffset == offset
            assert o.startsAt == series.occurrences[i].startsAt
        }
        seen.occurrences.findAll { it.readerDstShift }.size() == (shifts ? 6 : 0)
        !shifts || seen.occurrences.findAll { it.readerDstShift }*.organiserStart*.substring(5, 7).toSet() == ['05', '11'] as Set

        where:
        zone                 | offset   | winter     | summerTime || shifts
        'Europe/Paris'       | null     | '10:00'    | '10:00'    || false
        'America/Cayenne'    | '-03:00' | '06:00'    | '05:00'    || true
        'America/Guadeloupe' | '-04:00' | '05:00'    | '04:00'    || true
        'Indian/Reunion'     | '+04:00' | '13:00'    | '12:00'    || true
        'Indian/Mayotte'     | '+03:00' | '12:00'    | '11:00'    || true
        'Pacific/Noumea'     | '+11:00' | '20:00'    | '19:00'    || true
        'Pacific/Tahiti'     | '-10:00' | '-1 23:00' | '-1 22:00' || true
    }

    def "Paris readers see Paris offsets: #date at #offsetSeen"() {
        when:
        def seen = facilitator.get("/api/peer-sessions/series/${series.id}?zone=Europe/Paris").json
        def occurrence = seen.occurrences.find { it.organiserStart.startsWith(date) }

        then:
        occurrence.readerOffset == offsetSeen
        occurrence.readerStart == "${date}T10:00:00"

        where:
        date         || offsetSeen
        '2026-03-10' || '+01:00'
        '2026-05-12' || '+02:00'
        '2026-11-10' || '+01:00'
    }

    def "a moved occurrence keeps its original start, a cancelled one is marked, and the flags skip it"() {
        given:
        def created = facilitator.post('/api/peer-sessions/series', [
                theme    : THEME, title: 'Série à déplacer', format: 'online', durationMinutes: 60,
                timeZone : 'Europe/Paris', firstStart: '2026-01-13T10:00:00', recurrence: 'bimonthly', until: '2026-12-31']).json
        def march = created.occurrences[1]
        def may = created.occurrences[2]

        when:
        def moved = facilitator.post("/api/peer-sessions/occurrences/${march.id}/move", [start: '2026-03-17T14:30:00'])
        def cancelled = facilitator.post("/api/peer-sessions/occurrences/${may.id}/cancel")
        def seen = facilitator.get("/api/peer-sessions/series/${created.id}?zone=Pacific/Noumea").json

        then:
        moved.status == 200
        moved.json.startsAt == '2026-03-17T13:30:00Z'
        moved.json.endsAt == '2026-03-17T14:30:00Z'
        moved.json.originalStart == '2026-03-10T09:00:00Z'
        moved.json.moved
        moved.json.sequence == 1
        cancelled.status == 200
        cancelled.json.status == 'cancelled'
        cancelled.json.sequence == 1
        seen.occurrences[1].readerStart == '2026-03-18T00:30:00'
        seen.occurrences[2].status == 'cancelled'
        !seen.occurrences[2].readerDstShift
        // May is cancelled: July is the first occurrence on summer time, so July carries the flag.
        seen.occurrences[3].readerDstShift
        seen.occurrences[3].organiserDstShift
        seen.occurrences[3].readerStart == '2026-07-14T19:00:00'
    }

    def "a one-off session has a single occurrence; monthly and quarterly presets follow the first start"() {
        when:
        def once = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Ponctuelle', format: 'in_person',
                place: 'Saint-Denis', durationMinutes: 120, timeZone: 'Indian/Reunion', firstStart: '2026-02-03T18:00:00',
                recurrence: 'once']).json
        def quarterly = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Trimestrielle', format: 'hybrid',
                place: 'Nouméa', durationMinutes: 60, timeZone: 'Pacific/Noumea', firstStart: '2026-01-29T08:00:00',
                recurrence: 'quarterly', until: '2026-12-31']).json

        then:
        once.rrule == null
        once.occurrences.size() == 1
        once.occurrences[0].startsAt == '2026-02-03T14:00:00Z'
        quarterly.rrule == 'FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TH;UNTIL=20261231T235959'
        quarterly.occurrences*.organiserStart == ['2026-01-29T08:00:00', '2026-04-30T08:00:00', '2026-07-30T08:00:00', '2026-10-29T08:00:00']
    }

    def "a custom RRULE is expanded on Paris wall time, a UTC UNTIL included"() {
        when:
        def custom = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Toutes les trois semaines', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2026-03-10T10:00:00', recurrence: 'custom',
                rrule: 'RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU;UNTIL=20260421T090000Z'])

        then:
        custom.status == 201
        custom.json.rrule == 'FREQ=WEEKLY;INTERVAL=3;BYDAY=TU;UNTIL=20260421T110000'
        custom.json.occurrences*.startsAt == ['2026-03-10T09:00:00Z', '2026-03-31T08:00:00Z', '2026-04-21T08:00:00Z']
        custom.json.occurrences*.organiserStart == ['2026-03-10T10:00:00', '2026-03-31T10:00:00', '2026-04-21T10:00:00']
    }
}
