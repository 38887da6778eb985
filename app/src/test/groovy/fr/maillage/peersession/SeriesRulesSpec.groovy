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

/** Who may schedule and see sessions, and bad input that must change nothing. */
class SeriesRulesSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    static final String GUEST_THEME = 'definir-sa-strategie'
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
    ApiClient member
    @Shared
    ApiClient guest

    static Map valid(Map changes = [:]) {
        [theme: THEME, title: 'Rencontre', format: 'online', durationMinutes: 60, timeZone: 'Europe/Paris',
         firstStart: '2026-04-14T10:00:00', recurrence: 'bimonthly', until: '2026-12-31', capacity: 10] + changes
    }

    def setupSpec() {
        admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        member = Accounts.invited(app, admin, 'member')
        guest = Accounts.invited(app, admin, 'guest')
        def guestId = guest.get('/api/me').json.id
        assert admin.send('PUT', "/api/themes/${GUEST_THEME}/guests/${guestId}", null).status == 204
    }

    long counts() {
        Rows.count(app, 'SELECT count(*) FROM session_series') * 1000 + Rows.count(app, 'SELECT count(*) FROM session_occurrence')
    }

    def "#role may schedule a series: #allowed"() {
        given:
        def client = [administrator: admin, facilitator: facilitator, member: member, guest: guest][role]
        def before = counts()

        when:
        def reply = client.post('/api/peer-sessions/series', valid(theme: GUEST_THEME))

        then:
        reply.status == (allowed ? 201 : 403)
        allowed || (reply.problem && counts() == before)

        where:
        role            || allowed
        'administrator' || true
        'facilitator'   || true
        'member'        || false
        'guest'         || false
    }

    def "a double submit with the same key schedules one series"() {
        given:
        long series = Rows.count(app, 'SELECT count(*) FROM session_series')
        def body = valid(theme: GUEST_THEME, title: 'Soumis deux fois', idempotencyKey: 'series-key-0001')

        when:
        def first = facilitator.post('/api/peer-sessions/series', body)
        def again = facilitator.post('/api/peer-sessions/series', body)

        then:
        first.status == 201 && again.status == 201
        again.json.id == first.json.id
        Rows.count(app, 'SELECT count(*) FROM session_series') == series + 1
    }

    def "#what is refused with problem+json and nothing is written"() {
        given:
        def before = counts()

        when:
        def reply = facilitator.post('/api/peer-sessions/series', valid(changes))

        then:
        reply.status == 400
        reply.problem
        reply.json.violations*.field.contains(field) || reply.json.toString().contains(field)
        counts() == before

        where:
        what                          | changes                                           || field
        'an invalid RRULE'            | [recurrence: 'custom', rrule: 'FREQ=SOMETIMES']   || 'rrule'
        'an RRULE with garbage'       | [recurrence: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=XX'] || 'rrule'
        'a secondly RRULE'            | [recurrence: 'custom', rrule: 'FREQ=SECONDLY;COUNT=5'] || 'rrule'
        'an unknown zone'             | [timeZone: 'Europe/Atlantis']                     || 'timeZone'
        'an offset instead of a zone' | [timeZone: '+02:00']                              || 'timeZone'
        'an end before the start'     | [until: '2026-04-01']                             || 'until'
        'a start in the past'         | [firstStart: '2026-02-01T10:00:00']               || 'firstStart'
        'an in-person without place'  | [format: 'in_person']                             || 'place'
        'an unknown format'           | [format: 'telepathy']                             || 'format'
        'a capacity of zero'          | [capacity: 0]                                     || 'capacity'
        'an unknown theme'            | [theme: 'nowhere']                                || 'theme'
        'an unknown territory'        | [territory: 'XX']                                 || 'territory'
    }

    def "the rule #rule is refused with a message naming #part, and nothing is written"() {
        given:
        def before = counts()

        when:
        def reply = facilitator.post('/api/peer-sessions/series', valid([recurrence: 'custom', rrule: rule]))

        then:
        reply.status == 400
        reply.problem
        reply.json.violations*.field == ['rrule']
        reply.json.violations[0].message.contains(part)
        counts() == before

        where:
        rule                                          || part
        'FREQ=WEEKLY;INTERVAL=0'                      || 'INTERVAL'
        'FREQ=WEEKLY;INTERVAL=-1'                     || 'INTERVAL'
        'FREQ=MONTHLY;BYDAY=2TU;COUNT=0'              || 'COUNT'
        'FREQ=WEEKLY;COUNT=5;UNTIL=20270101T000000Z'  || 'COUNT and UNTIL'
        'FREQ=WEEKLY;UNTIL=20270101T000000;COUNT=5'   || 'COUNT and UNTIL'
    }

    def "a rule with a positive INTERVAL and only one of COUNT or UNTIL is accepted"() {
        expect:
        facilitator.post('/api/peer-sessions/series', valid([recurrence: 'custom', rrule: rule])).status == 201

        where:
        rule << ['FREQ=WEEKLY;INTERVAL=3;COUNT=4', 'FREQ=WEEKLY;INTERVAL=1;UNTIL=20270101T000000Z']
    }

    def "a move whose end is before its start is refused and the occurrence is unchanged"() {
        given:
        def occurrence = facilitator.post('/api/peer-sessions/series', valid()).json.occurrences[0]

        when:
        def reply = facilitator.post("/api/peer-sessions/occurrences/${occurrence.id}/move", [start: '2026-04-20T10:00:00', end: '2026-04-20T09:00:00'])
        def after = facilitator.get("/api/peer-sessions/occurrences/${occurrence.id}").json.occurrence

        then:
        reply.status == 400
        reply.problem
        after.startsAt == occurrence.startsAt
        after.sequence == 0
    }

    def "only the series' facilitators and administrators move or cancel an occurrence"() {
        given:
        def occurrence = facilitator.post('/api/peer-sessions/series', valid()).json.occurrences[0]
        def otherFacilitator = Accounts.invited(app, admin, 'facilitator')

        expect:
        member.post("/api/peer-sessions/occurrences/${occurrence.id}/cancel").status == 403
        otherFacilitator.post("/api/peer-sessions/occurrences/${occurrence.id}/cancel").status == 403
        guest.post("/api/peer-sessions/occurrences/${occurrence.id}/cancel").status == 404
        admin.post("/api/peer-sessions/occurrences/${occurrence.id}/cancel").status == 200
        facilitator.post("/api/peer-sessions/occurrences/${occurrence.id}/cancel").status == 409
    }

    def "a guest sees only the sessions of the themes it was invited to"() {
        given:
        def hidden = facilitator.post('/api/peer-sessions/series', valid(title: 'Réservée aux membres')).json
        def shown = facilitator.post('/api/peer-sessions/series', valid(theme: GUEST_THEME, title: 'Ouverte aux invités')).json

        when:
        def agenda = guest.get('/api/peer-sessions').json

        then:
        agenda.occurrences*.seriesId.contains(shown.id)
        !agenda.occurrences*.seriesId.contains(hidden.id)
        agenda.occurrences.every { it.theme == GUEST_THEME }
        guest.get("/api/peer-sessions/series/${hidden.id}").status == 404
        guest.get("/api/peer-sessions/occurrences/${hidden.occurrences[0].id}").status == 404
        guest.send('PUT', "/api/peer-sessions/occurrences/${hidden.occurrences[0].id}/rsvp", [answer: 'yes']).status == 404
        guest.get("/api/peer-sessions/series/${shown.id}").status == 200
        member.get('/api/peer-sessions').json.occurrences*.seriesId.containsAll([hidden.id, shown.id])
    }

    def "the agenda filters by theme, format and territory, upcoming or past"() {
        given:
        def local = facilitator.post('/api/peer-sessions/series', valid(title: 'À Nouméa', format: 'in_person', place: 'Nouméa',
                territory: '988', timeZone: 'Pacific/Noumea', recurrence: 'once')).json

        when:
        def inTerritory = member.get('/api/peer-sessions?territory=988').json
        def inPerson = member.get('/api/peer-sessions?format=in_person').json
        def past = member.get('/api/peer-sessions?when=past').json

        then:
        inTerritory.occurrences*.seriesId == [local.id]
        inPerson.occurrences.every { it.format == 'in_person' }
        inPerson.occurrences*.seriesId.contains(local.id)
        !past.occurrences
    }
}
