package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

/**
 * Scheduling aids: holidays and reasonable hours per occurrence, judged where the audience
 * lives (the date and the hour there), and the slot finder.
 */
class SessionPlanningSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    static final String QUIET_THEME = 'definir-sa-strategie'
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-12-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient admin
    @Shared
    ApiClient facilitator
    @Shared
    ApiClient member
    @Shared
    ApiClient guest

    /** The theme's followers: one person per place, Paris, Alsace, Tahiti, Cayenne, Guadeloupe. */
    def setupSpec() {
        admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        member = Accounts.invited(app, admin, 'member')
        guest = Accounts.invited(app, admin, 'guest')
        [['11', 'Europe/Paris'], ['44', 'Europe/Paris'], ['987', 'Pacific/Tahiti'], ['03', 'America/Cayenne'],
         ['01', 'America/Guadeloupe']].each { territory, zone ->
            def person = Accounts.invited(app, admin, 'member')
            String id = person.get('/api/me').json.id
            write("UPDATE app_user SET territory_code = ?, time_zone = ? WHERE id = ?::uuid", territory, zone, id)
            write("INSERT INTO discussion_follow (user_id, target_kind, target, level) VALUES (?::uuid, 'theme', ?, 'following')", id, THEME)
        }
    }

    void write(String sql, Object... params) {
        app.bean(TransactionOperations).executeWrite {
            app.bean(JdbcOperations).prepareStatement(sql) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                ps.executeUpdate()
            }
        }
    }

    Map plan(Map body) {
        def reply = facilitator.post('/api/peer-sessions/planning', [theme: THEME, durationMinutes: 60, timeZone: 'Europe/Paris'] + body)
        assert reply.status == 200: reply.toString()
        reply.json as Map
    }

    def "a monthly series on the 4th Thursday meets Guadeloupe's abolition day, and Paris 10:00 is night in Tahiti"() {
        when:
        def planning = plan(firstStart: '2027-01-28T10:00:00', recurrence: 'monthly', occurrences: 6)
        def may = planning.occurrences.find { it.localStart.startsWith('2027-05-27') }

        then: "the audience is the theme's five followers"
        planning.audience == 'followers'
        planning.people == 5
        planning.occurrences.size() == 6
        planning.occurrencesWithHolidays == 1
        may.holidays.collect { [it.territory, it.nameFr, it.date, it.people] } == [['01', "Abolition de l'esclavage", '2027-05-27', 1]]

        and: "outside 07:30–21:00 there: Tahiti the evening before, Cayenne and Guadeloupe at dawn; Paris and Alsace are fine"
        def outside = may.outsideHours.collectEntries { [(it.territory): it] }
        outside.keySet() == ['987', '03', '01'] as Set
        outside['987'].localStart == '2027-05-26T22:00:00'
        outside['987'].dayShift == -1
        outside['03'].localStart == '2027-05-27T05:00:00'
        outside['01'].localStart == '2027-05-27T04:00:00'
        may.peopleOutside == 3

        and: "winter and summer differ: in January Tahiti is at 23:00 the day before"
        planning.occurrences[0].outsideHours.find { it.territory == '987' }.localStart == '2027-01-27T23:00:00'
    }

    def "a holiday is judged on the date where the person lives: Good Friday in Tahiti is Saturday morning in Paris"() {
        when: "Saturday 27 March 2027, 08:00 in Paris, is Friday 26 March, 21:00 in Tahiti"
        def planning = plan(firstStart: '2027-03-27T08:00:00', recurrence: 'once')
        def only = planning.occurrences[0]

        then: "Tahiti rests; Alsace-Moselle's Good Friday was the day before in Paris time, so not Alsace"
        only.holidays.collect { [it.territory, it.date, it.nameFr] } == [['987', '2027-03-26', 'Vendredi saint']]
    }

    def "the slot finder proposes the winter Tuesday times that keep all five within reasonable hours, nearest midday first"() {
        when: "Paris 18:30 is 07:30 in Tahiti; 20:00 is the last start that ends by 21:00 in Paris"
        def reply = facilitator.post('/api/peer-sessions/planning/slots',
                [theme: THEME, durationMinutes: 60, timeZone: 'Europe/Paris', weekday: 'TU', week: '2027-01-11'])
        def proposals = reply.json.proposals

        then:
        reply.status == 200
        reply.json.weekday == 'TUESDAY'
        reply.json.people == 5
        proposals.size() == 5
        proposals[0].start.startsWith('18:30')
        proposals[0].date == '2027-01-12'
        proposals[0].peopleWithin == 5
        proposals[0].local.every { it.reasonable }
        proposals[0].local.find { it.territory == '987' }.localStart == '2027-01-12T07:30:00'
        proposals[1].start.startsWith('19:30')
        proposals[1].peopleWithin == 5
        proposals.drop(2).every { it.peopleWithin < 5 }
        proposals*.peopleWithin == proposals*.peopleWithin.sort(false).reverse()
    }

    def "a theme nobody follows is planned for everyone who reads it"() {
        when:
        def reply = facilitator.post('/api/peer-sessions/planning',
                [theme: QUIET_THEME, durationMinutes: 60, firstStart: '2027-02-09T10:00:00', recurrence: 'once'])

        then: "every active account but the guest, who was not invited to that theme"
        reply.status == 200
        reply.json.audience == 'network'
        reply.json.people == 8
    }

    def "only facilitators and administrators plan: #who is refused"() {
        given:
        ApiClient client = who == 'a member' ? member : who == 'a guest' ? guest : app.client()

        expect:
        client.post('/api/peer-sessions/planning',
                [theme: THEME, durationMinutes: 60, firstStart: '2027-02-09T10:00:00', recurrence: 'once']).status == status
        client.post('/api/peer-sessions/planning/slots', [theme: THEME, durationMinutes: 60, weekday: 'TU']).status == status

        where:
        who        || status
        'a member' || 403
        'a guest'  || 403
        'nobody'   || 401
    }

    def "bad input names its field: #field"() {
        when:
        def reply = facilitator.post(path, [theme: THEME, durationMinutes: 60, timeZone: 'Europe/Paris'] + body)

        then:
        reply.status == 400
        reply.json.violations*.field == [field]

        where:
        path                                | body                                                                       || field
        '/api/peer-sessions/planning'       | [firstStart: '2027-02-09T10:00:00', recurrence: 'weekly']                  || 'recurrence'
        '/api/peer-sessions/planning'       | [firstStart: '2027-02-09T10:00:00', recurrence: 'once', occurrences: 99]   || 'occurrences'
        '/api/peer-sessions/planning'       | [firstStart: '2027-02-09T10:00:00', recurrence: 'once', durationMinutes: 0] || 'durationMinutes'
        '/api/peer-sessions/planning'       | [firstStart: '2027-02-09T10:00:00', recurrence: 'once', timeZone: 'Mars/Olympus'] || 'timeZone'
        '/api/peer-sessions/planning'       | [firstStart: '2027-02-09T10:00:00', recurrence: 'once', theme: 'nope']     || 'theme'
        '/api/peer-sessions/planning'       | [firstStart: '2027-02-09T10:00:00', recurrence: 'once', audience: 'all']   || 'audience'
        '/api/peer-sessions/planning'       | [firstStart: '2027-02-09T10:00:00', recurrence: 'custom', rrule: 'FREQ=WEEKLY;INTERVAL=0'] || 'rrule'
        '/api/peer-sessions/planning/slots' | [weekday: 'XX']                                                            || 'weekday'
        '/api/peer-sessions/planning/slots' | [weekday: 'TU', week: '2020-01-06']                                      || 'week'
    }
}
