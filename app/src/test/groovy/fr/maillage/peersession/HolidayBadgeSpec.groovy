package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Issue 19: an occurrence shows a holiday badge to readers of the territories on holiday that
 * day (the date as it is there), and the series form can skip or move the occurrences that fall
 * on a holiday of the audience; the feeds read by ical.js agree with the API.
 */
class HolidayBadgeSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient admin
    @Shared
    ApiClient facilitator
    @Shared
    ApiClient paris

    def setupSpec() {
        admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        paris = Accounts.invited(app, admin, 'member')
        assert paris.patch('/api/me', [timeZone: 'Europe/Paris']).status == 200
    }

    static Map create(ApiClient who, Map fields) {
        def reply = who.post('/api/peer-sessions/series', [theme: THEME, format: 'online', durationMinutes: 60, timeZone: 'Europe/Paris'] + fields)
        assert reply.status == 201: reply.toString()
        reply.json as Map
    }

    def "a reader in #territory sees the badges #names on the session of #parisStart in Paris (#localDate there); a reader in Paris does not"() {
        given:
        def reader = Accounts.invited(app, admin, 'member')
        assert reader.patch('/api/me', [territoryCode: territory]).status == 200
        def occurrence = create(facilitator, [title: "Férié ${territory}", firstStart: parisStart, recurrence: 'once']).occurrences[0]

        when:
        def seen = reader.get("/api/peer-sessions/occurrences/${occurrence.id}").json.occurrence
        def inParis = paris.get("/api/peer-sessions/occurrences/${occurrence.id}").json.occurrence
        def agenda = reader.get('/api/peer-sessions').json.occurrences.find { it.id == occurrence.id }

        then:
        (seen.holidays ?: [])*.nameFr == names
        (seen.holidays ?: []).every { it.date == localDate && it.territory == territory }
        seen.readerStart.startsWith(localDate)
        (agenda.holidays ?: [])*.nameFr == names
        !inParis.holidays

        where:
        territory | parisStart            | localDate    | names
        '01'      | '2027-05-27T16:00:00' | '2027-05-27' | ["Abolition de l'esclavage"]
        '02'      | '2027-05-21T23:30:00' | '2027-05-21' | []
        '03'      | '2027-06-10T15:00:00' | '2027-06-10' | ["Abolition de l'esclavage"]
        '04'      | '2027-12-20T10:00:00' | '2027-12-20' | ["Abolition de l'esclavage"]
        '06'      | '2027-04-27T10:00:00' | '2027-04-27' | ["Abolition de l'esclavage"]
        '987'     | '2027-06-30T10:00:00' | '2027-06-29' | ["Fête de l'autonomie"]
        '988'     | '2027-09-23T20:00:00' | '2027-09-24' | ['Fête de la citoyenneté']
    }

    def "scheduling with '#onHolidays', the 27 May 2027 occurrence (Guadeloupe's abolition day) is #what, and ical.js reads the feed the same"() {
        given: 'someone in Guadeloupe reads the theme (the audience is the network: nobody follows it)'
        def guadeloupe = Accounts.invited(app, admin, 'member')
        assert guadeloupe.patch('/api/me', [territoryCode: '01']).status == 200

        when: 'the 4th Thursday of each month at 16:00 in Paris, April to July 2027'
        def series = create(facilitator, [title: "Quatrième jeudi ${onHolidays}", firstStart: '2027-04-22T16:00:00', recurrence: 'monthly',
                                          until: '2027-07-31', onHolidays: onHolidays])
        def may = series.occurrences.find { it.originalStart == '2027-05-27T14:00:00Z' }

        then:
        series.occurrences.size() == 4
        may.status == status
        may.startsAt == startsAt
        series.occurrences.findAll { it != may }.every { it.status == 'scheduled' && !it.moved }

        when:
        def url = guadeloupe.post('/api/peer-sessions/feed').json.url
        def text = app.client().get(url.substring(app.baseUrl.length()).replace('.ics', "/themes/${THEME}.ics")).text
        def read = CalendarInteropSpec.icalJs(text).findAll { it.uid == "series-${series.id}@maillage".toString() }

        then:
        read*.start == series.occurrences*.startsAt
        read*.status == series.occurrences.collect { it.status == 'cancelled' ? 'CANCELLED' : (it.moved ? 'CONFIRMED' : null) }

        where:
        onHolidays | what                          | status      | startsAt
        'keep'     | 'kept'                        | 'scheduled' | '2027-05-27T14:00:00Z'
        'skip'     | 'skipped'                     | 'cancelled' | '2027-05-27T14:00:00Z'
        'move'     | 'moved to Friday 28 May'      | 'scheduled' | '2027-05-28T14:00:00Z'
    }
}
