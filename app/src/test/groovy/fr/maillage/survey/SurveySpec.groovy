package fr.maillage.survey

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import fr.maillage.survey.SurveyResults.Ballot
import fr.maillage.survey.SurveyViews.AnswerItem
import fr.maillage.survey.SurveyViews.OptionView
import fr.maillage.survey.SurveyViews.QuestionView
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import org.apache.poi.xssf.usermodel.XSSFWorkbook
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Duration
import java.time.Instant
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

/** The needs survey (issue 17): building, audience, answering, anonymity, results, export, live. */
class SurveySpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2027-03-20T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient facilitator = Accounts.invited(app, admin, 'facilitator')
    @Shared
    List<LiveClient> sockets = []
    def conditions = new PollingConditions(timeout: 10)

    def cleanupSpec() {
        sockets*.close()
    }

    ApiClient member(Map profile = [:]) {
        def who = Accounts.invited(app, admin, profile.role ?: 'member')
        if (profile.territory) {
            assert who.patch('/api/me', [territoryCode: profile.territory]).status == 200
        }
        if (profile.organisationKind) {
            def r = who.send('PUT', '/api/directory/me', [organisationKind: profile.organisationKind, pioneer: false])
            assert r.status == 200: r.toString()
        }
        if (profile.follows) {
            assert who.send('PUT', "/api/themes/${profile.follows}/follow", [level: 'following']).status == 200
        }
        who
    }

    static final List RANK_OPTIONS = [[value: 'financement', label: 'Financement'], [value: 'evaluation', label: 'Évaluation'],
                                      [value: 'partenariats', label: 'Partenariats'], [value: 'outils', label: 'Outils']]

    Map settings(Map overrides = [:]) {
        [title       : 'Vos besoins pour 2027', introduction: 'Dites-nous ce qui compte.', audienceKind: 'network', audienceValues: [],
         invitedGuests: [], opensAt: clock.instant().minus(Duration.ofHours(1)).toString(),
         closesAt    : clock.instant().plus(Duration.ofDays(10)).toString(), anonymous: false, liveResults: false] + overrides
    }

    List questions() {
        [[kind: 'rank', prompt: 'Vos priorités', helpText: 'Gardez-en trois au plus', required: true, options: RANK_OPTIONS, maxKept: 3],
         [kind: 'single', prompt: 'Votre format préféré', required: false,
          options: [[value: 'visio', label: 'Visio'], [value: 'presentiel', label: 'Présentiel']]],
         [kind: 'multiple', prompt: 'Leviers', required: false, optionSource: 'levers'],
         [kind: 'scale', prompt: 'Votre charge', required: false],
         [kind: 'long_text', prompt: 'Autre chose ?', required: false]]
    }

    /** A published survey built by the facilitator; returns its view. */
    Map published(Map overrides = [:]) {
        def created = facilitator.post('/api/surveys', settings(overrides))
        assert created.status == 201: created.toString()
        def id = created.json.id
        def q = facilitator.send('PUT', "/api/surveys/${id}/questions", [questions: questions()])
        assert q.status == 200: q.toString()
        def p = facilitator.post("/api/surveys/${id}/publish")
        assert p.status == 200: p.toString()
        p.json
    }

    List answersFor(Map survey, List<String> ranking, Integer scale = 3, String text = null) {
        def qs = survey.questions
        def items = [[questionId: qs[0].id, choices: ranking], [questionId: qs[3].id, scale: scale]]
        if (text) {
            items << [questionId: qs[4].id, text: text]
        }
        items
    }

    ApiClient.Reply submit(ApiClient who, Map survey, List answers, String key = UUID.randomUUID().toString()) {
        who.post("/api/surveys/${survey.id}/answers", [answers: answers, idempotencyKey: key])
    }

    def rows(String statement, List params = []) {
        app.bean(TransactionOperations).executeRead { status ->
            app.bean(JdbcOperations).prepareStatement(statement) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                def rs = ps.executeQuery()
                def out = []
                while (rs.next()) {
                    out << (1..rs.metaData.columnCount).collectEntries { [rs.metaData.getColumnLabel(it), rs.getObject(it)] }
                }
                out
            }
        }
    }

    def "#role may build a survey: #expected"() {
        given:
        def who = role == 'administrator' ? admin : Accounts.invited(app, admin, role)

        expect:
        who.post('/api/surveys', settings()).status == expected

        where:
        role            || expected
        'administrator' || 201
        'facilitator'   || 201
        'member'        || 403
        'guest'         || 403
    }

    def "a draft is invisible to members, and settings are validated"() {
        given:
        def draft = facilitator.post('/api/surveys', settings()).json
        def someone = member()

        expect:
        someone.get("/api/surveys/${draft.id}").status == 404
        !someone.get('/api/surveys').json.find { it.id == draft.id }
        facilitator.post('/api/surveys', settings(audienceKind: 'territories', audienceValues: ['zz'])).json.violations*.message == ['unknown territory']
        facilitator.post('/api/surveys', settings(closesAt: clock.instant().minus(Duration.ofDays(1)).toString())).json.violations*.message ==
                ['the end is not after the start']
        facilitator.post("/api/surveys/${draft.id}/publish").json.violations*.message == ['add at least one question']
    }

    def "the audience is #audienceKind #audienceValues: the insider sees and is told, the outsider does not"() {
        given:
        def insider = member(insiderProfile)
        def outsider = member(outsiderProfile)
        def guest = Accounts.invited(app, admin, 'guest')

        when:
        def survey = published(audienceKind: audienceKind, audienceValues: audienceValues)

        then:
        insider.get("/api/surveys/${survey.id}").json.canAnswer
        insider.get('/api/notifications?limit=50').json.items.find { it.kind == 'survey.published' && it.link == "/surveys/${survey.id}" }
        outsider.get("/api/surveys/${survey.id}").status == 404
        !outsider.get('/api/notifications?limit=50').json.items?.find { it.kind == 'survey.published' }
        guest.get("/api/surveys/${survey.id}").status == 404
        submit(outsider, survey, answersFor(survey, ['outils'])).status == 404

        where:
        audienceKind  | audienceValues    | insiderProfile                    | outsiderProfile
        'territories' | ['04']            | [territory: '04']                 | [territory: '11']
        'themes'      | ['vie-du-reseau'] | [follows: 'vie-du-reseau']        | [:]
        'roles'       | ['facilitator']   | [role: 'facilitator']             | [:]
    }

    def "an invited guest is in the audience, other guests are not"() {
        given:
        def guestEmail = "guest-${UUID.randomUUID()}@example.org"
        def invited = Accounts.invited(app, admin, 'guest', guestEmail)
        def guestId = invited.get('/api/me').json.id
        def other = Accounts.invited(app, admin, 'guest')

        when:
        def survey = published(invitedGuests: [guestId])

        then:
        invited.get("/api/surveys/${survey.id}").json.canAnswer
        other.get("/api/surveys/${survey.id}").status == 404
    }

    def "a draft answer survives a reload, submitting removes it, and a named answer is editable until closing"() {
        given:
        def survey = published()
        def someone = member()

        when:
        def saved = someone.send('PUT', "/api/surveys/${survey.id}/draft", [answers: [[questionId: survey.questions[0].id, choices: ['outils']]]])

        then:
        saved.status == 200
        someone.get("/api/surveys/${survey.id}/my-answer").json == [status: 'draft', answers: [[questionId: survey.questions[0].id, choices: ['outils']]], editable: true]

        when:
        def first = submit(someone, survey, answersFor(survey, ['outils', 'evaluation']))
        def again = submit(someone, survey, answersFor(survey, ['financement']))

        then:
        first.json.replaced == false
        again.json.replaced == true
        rows('SELECT count(*) AS n FROM survey_answer WHERE survey_id = ?', [UUID.fromString(survey.id)])[0].n == 1
        rows('SELECT count(*) AS n FROM survey_draft WHERE survey_id = ?', [UUID.fromString(survey.id)])[0].n == 0
        someone.get("/api/surveys/${survey.id}/my-answer").json.answers[0].choices == ['financement']
    }

    def "answers are checked against the questions"() {
        given:
        def survey = published()
        def someone = member()

        expect:
        submit(someone, survey, answers(survey)).json.violations*.message == messages

        where:
        answers << [
                { s -> [[questionId: s.questions[3].id, scale: 3]] },
                { s -> [[questionId: s.questions[0].id, choices: ['outils', 'evaluation', 'financement', 'partenariats']]] },
                { s -> [[questionId: s.questions[0].id, choices: ['nope']]] },
                { s -> [[questionId: s.questions[0].id, choices: ['outils']], [questionId: s.questions[3].id, scale: 9]] },
                { s -> [[questionId: s.questions[0].id, choices: ['outils']], [questionId: s.questions[1].id, choices: ['visio', 'presentiel']]] },
                { s -> [[questionId: UUID.randomUUID().toString(), choices: ['outils']]] }
        ]
        messages << [
                ['is required'],
                ['keep at most 3 options'],
                ['not an option of this question'],
                ['must be between 1 and 5'],
                ['choose one option'],
                ['no such question in this survey', 'is required']
        ]
    }

    def "submitting again with the same key replays: one answer, one event"() {
        given:
        def survey = published()
        def someone = member()
        long before = rows("SELECT last_seq FROM stream WHERE id = ?", ["survey:${survey.id}".toString()])[0].last_seq
        String key = UUID.randomUUID().toString()

        when:
        def first = submit(someone, survey, answersFor(survey, ['outils']), key)
        def replay = submit(someone, survey, answersFor(survey, ['outils']), key)

        then:
        first.status == 200
        replay.json == first.json
        rows("SELECT last_seq FROM stream WHERE id = ?", ["survey:${survey.id}".toString()])[0].last_seq == before + 1
        rows("SELECT type FROM stream_event WHERE stream_id = ?", ["survey:${survey.id}".toString()])*.type == ['survey.results_changed']
    }

    def "an anonymous answer keeps no person id: only a separate mark, and it cannot be edited"() {
        given:
        def survey = published(anonymous: true)
        def someone = member(territory: '04', organisationKind: 'association')
        def personId = UUID.fromString(someone.get('/api/me').json.id)
        someone.send('PUT', "/api/surveys/${survey.id}/draft", [answers: [[questionId: survey.questions[0].id, choices: ['outils']]]])

        when:
        def first = submit(someone, survey, answersFor(survey, ['outils'], 4, 'Un besoin précis'))
        def secondTab = submit(someone, survey, answersFor(survey, ['financement']))

        then:
        first.status == 200
        secondTab.json.alreadySubmitted
        def stored = rows('SELECT * FROM survey_answer WHERE survey_id = ?', [UUID.fromString(survey.id)])
        stored.size() == 1
        stored[0].respondent_id == null
        stored[0].submitted_at == null
        stored[0].territory_code == '04'
        !stored[0].answers.contains(personId.toString())
        rows('SELECT person_id FROM survey_respondent WHERE survey_id = ?', [UUID.fromString(survey.id)])*.person_id == [personId]
        rows('SELECT count(*) AS n FROM survey_draft WHERE person_id = ?', [personId])[0].n == 0
        someone.get("/api/surveys/${survey.id}/my-answer").json == [status: 'submitted', answers: [], editable: false]
        someone.send('PUT', "/api/surveys/${survey.id}/draft", [answers: []]).json.type == '/problems/survey-answer-final'
        !facilitator.get("/api/surveys/${survey.id}/results.csv").text.contains(personId.toString())
    }

    def "concurrent submissions by one person make one answer, by many people make one each"() {
        given:
        def survey = published(anonymous: anonymous)
        def someone = member()
        def others = (1..4).collect { member() }
        def pool = Executors.newFixedThreadPool(8)
        def start = new CountDownLatch(1)

        when:
        // built before the threads: JsonSlurper's lazy maps are not safe to read from several threads
        def outils = answersFor(survey, ['outils'])
        def evaluation = answersFor(survey, ['evaluation'])
        def target = [id: survey.id as String]
        def mine = (1..4).collect { i -> pool.submit({ start.await(); submit(someone, target, outils) } as Callable) }
        def theirs = others.collect { o -> pool.submit({ start.await(); submit(o, target, evaluation) } as Callable) }
        start.countDown()
        def replies = (mine + theirs)*.get()
        pool.shutdown()

        then:
        replies*.status.every { it == 200 }
        rows('SELECT count(*) AS n FROM survey_answer WHERE survey_id = ?', [UUID.fromString(survey.id)])[0].n == 5
        rows('SELECT count(*) AS n FROM survey_respondent WHERE survey_id = ?', [UUID.fromString(survey.id)])[0].n == 5

        where:
        anonymous << [true, false]
    }

    def "a survey takes answers from its opening to its closing instant, whatever the zone and the DST change"() {
        given: 'Paris moves to summer time on 2027-03-28 at 01:00 UTC; the survey closes at 02:30 Paris summer time'
        def opens = Instant.parse('2027-03-27T23:00:00Z')
        def closes = Instant.parse('2027-03-28T00:30:00Z')
        def survey = published(opensAt: opens.toString(), closesAt: closes.toString())
        def someone = member()

        when:
        clock.set(opens.minusSeconds(1))
        def early = submit(someone, survey, answersFor(survey, ['outils']))
        clock.set(closes.minusSeconds(1))
        def inTime = submit(someone, survey, answersFor(survey, ['outils']))
        clock.set(closes)
        def late = submit(someone, survey, answersFor(survey, ['outils']))
        def view = someone.get("/api/surveys/${survey.id}").json

        then:
        early.status == 409
        early.json.type == '/problems/survey-not-open'
        inTime.status == 200
        late.status == 409
        late.json.type == '/problems/survey-closed'
        view.state == 'closed'
        !view.canAnswer

        cleanup:
        clock.set(Instant.parse('2027-03-20T09:00:00Z'))
    }

    def "a survey closed by hand refuses answers with a clear problem"() {
        given:
        def survey = published()
        def someone = member()

        when:
        facilitator.post("/api/surveys/${survey.id}/close")
        def late = submit(someone, survey, answersFor(survey, ['outils']))

        then:
        late.status == 409
        late.json.type == '/problems/survey-closed'
    }

    def "once answers exist only wording changes, and each fix is recorded"() {
        given:
        def survey = published()
        submit(member(), survey, answersFor(survey, ['outils']))
        def current = survey.questions.collect { q ->
            [id: q.id, kind: q.kind, prompt: q.prompt, helpText: q.helpText, required: q.required,
             options: q.optionSource ? null : q.options.collect { [value: it.value, label: it.label] }, optionSource: q.optionSource, maxKept: q.maxKept]
        }

        when:
        def reordered = facilitator.send('PUT', "/api/surveys/${survey.id}/questions", [questions: current.reverse()])
        def newOption = facilitator.send('PUT', "/api/surveys/${survey.id}/questions",
                [questions: [current[0] + [options: current[0].options + [[value: 'nouveau', label: 'Nouveau']]]] + current.drop(1)])
        def wording = facilitator.send('PUT', "/api/surveys/${survey.id}/questions",
                [questions: [current[0] + [prompt: 'Vos trois priorités']] + current.drop(1)])

        then:
        reordered.status == 409
        reordered.json.type == '/problems/survey-locked'
        newOption.status == 409
        wording.status == 200
        wording.json.questions[0].prompt == 'Vos trois priorités'
        wording.json.wordingFixes.collect { [it.field, it.before, it.after] } == [['prompt', 'Vos priorités', 'Vos trois priorités']]
    }

    def "results: who sees them, and when"() {
        given:
        def survey = published(liveResults: live)
        def respondent = member()
        def bystander = member()
        submit(respondent, survey, answersFor(survey, ['outils']))

        expect:
        facilitator.get("/api/surveys/${survey.id}/results").status == 200
        respondent.get("/api/surveys/${survey.id}/results").status == (live ? 200 : 403)
        bystander.get("/api/surveys/${survey.id}/results").status == 403
        respondent.get("/api/surveys/${survey.id}/results.csv").status == 403

        when:
        facilitator.post("/api/surveys/${survey.id}/close")

        then:
        respondent.get("/api/surveys/${survey.id}/results").status == 200
        bystander.get("/api/surveys/${survey.id}/results").status == 403

        where:
        live << [false, true]
    }

    def "results count Borda points, choices, the scale's median and texts; breakdowns hide groups under 5"() {
        given:
        def survey = published()
        5.times { submit(member(territory: '11', organisationKind: 'association'), survey, answersFor(survey, ['outils', 'financement'], 4, "Texte ${it}")) }
        2.times { submit(member(territory: '04', organisationKind: 'association'), survey, answersFor(survey, ['financement', 'outils', 'evaluation'], 2)) }

        when:
        def results = facilitator.get("/api/surveys/${survey.id}/results").json
        def rank = results.questions[0]
        def territory = results.breakdowns.find { it.dimension == 'territory' }
        def organisation = results.breakdowns.find { it.dimension == 'organisation' }

        then: 'outils: 5×3 + 2×2 = 19; financement: 5×2 + 2×3 = 16; evaluation: 2×1 = 2'
        results.answerCount == 7
        rank.ranking.collect { [it.value, it.points, it.rank, it.firstPlaces] } ==
                [['outils', 19, 1, 5], ['financement', 16, 2, 2], ['evaluation', 2, 3, 0], ['partenariats', 0, 4, 0]]
        results.questions[3].distribution == [0, 2, 0, 5, 0]
        results.questions[3].median == 4
        results.questions[4].texts.size() == 5
        territory.groups*.key == ['metropolitan']
        territory.groups[0].answerCount == 5
        territory.hiddenGroups == 1
        organisation.groups*.key == ['association']
        organisation.groups[0].answerCount == 7
        !organisation.groups[0].questions.find { it.kind == 'long_text' }?.texts
    }

    def "Borda: #ballots with at most #keep kept gives #expected"() {
        given:
        def options = ['a', 'b', 'c', 'd'].collect { new OptionView(it, it.toUpperCase(), null) }
        def question = new QuestionView(UUID.randomUUID(), 0, 'rank', 'Q', '', true, options, null, keep)

        expect:
        SurveyResults.borda(question, ballots).collect { "${it.value()}:${it.points()}:${it.rank()}".toString() } == expected

        where:
        ballots                          | keep || expected
        [['a', 'b', 'c']]                | 3    || ['a:3:1', 'b:2:2', 'c:1:3', 'd:0:4']
        [['a', 'b'], ['b', 'a']]         | 2    || ['a:3:1', 'b:3:1', 'c:0:3', 'd:0:3']
        [['a'], ['b', 'c'], ['c', 'b']]  | 2    || ['b:3:1', 'c:3:1', 'a:2:3', 'd:0:4']
        [['d', 'c', 'b', 'a']]           | null || ['d:4:1', 'c:3:2', 'b:2:3', 'a:1:4']
        [['c', 'a'], ['a', 'c'], ['c']]  | 2    || ['c:5:1', 'a:3:2', 'b:0:3', 'd:0:3']
        []                               | 3    || ['a:0:1', 'b:0:1', 'c:0:1', 'd:0:1']
    }

    def "a breakdown shows a group from exactly #size answers"() {
        given:
        def q = new QuestionView(UUID.randomUUID(), 0, 'scale', 'Q', '', true, [], null, null)
        def ballots = (1..size).collect { new Ballot('04', 'association', [(q.id()): new AnswerItem(q.id(), null, 3, null)]) }

        expect:
        SurveyResults.breakdown('territory', [q], ballots, { it.territoryGroup() }).groups().size() == shown

        where:
        size || shown
        4    || 0
        5    || 1
    }

    def "the CSV export has one row per answer, names for a named survey and no ids for an anonymous one"() {
        given:
        def survey = published(anonymous: anonymous)
        def someone = member(territory: '11')
        def me = someone.get('/api/me').json
        submit(someone, survey, answersFor(survey, ['partenariats', 'outils'], 5, 'Des "outils", svp'))

        when:
        def csv = facilitator.get("/api/surveys/${survey.id}/results.csv")
        def lines = csv.text.split('\r\n')

        then:
        csv.status == 200
        csv.contentType.startsWith('text/csv')
        csv.text.startsWith('\uFEFF')
        lines.size() == 2
        lines[0] == header
        lines[1].contains('Partenariats > Outils')
        lines[1].contains('"Des ""outils"", svp"')
        lines[1].contains(me.id) == !anonymous
        lines[1].contains(me.displayName) == !anonymous

        where:
        anonymous || header
        false     || '\uFEFFrespondent_id,respondent,submitted_at,territory,organisation_kind,Vos priorités,Votre format préféré,Leviers,Votre charge,Autre chose ?'
        true      || '\uFEFFterritory,organisation_kind,Vos priorités,Votre format préféré,Leviers,Votre charge,Autre chose ?'
    }

    def "the facilitator sees results change live; a member who has not answered cannot subscribe"() {
        given:
        def survey = published(liveResults: true)
        def watcher = LiveClient.connect(app.baseUrl, facilitator)
        sockets << watcher
        def seq = facilitator.get("/api/surveys/${survey.id}/results").json.seq as long
        assert watcher.answer(watcher.subscribe("survey:${survey.id}", seq)).type == 'ack'
        def bystander = member()
        def theirs = LiveClient.connect(app.baseUrl, bystander)
        sockets << theirs

        when:
        submit(member(), survey, answersFor(survey, ['outils']))

        then:
        theirs.answer(theirs.subscribe("survey:${survey.id}")).type == 'error'
        conditions.eventually {
            def event = watcher.eventsOf("survey:${survey.id}").find { it.type == 'survey.results_changed' }
            assert event
            assert event.answerCount == 1
            assert event.surveyId == survey.id
        }
    }

    def "a facilitator puts the top priority on a session's agenda, with its rank; the network sees what was scheduled"() {
        given:
        def survey = published()
        3.times { submit(member(), survey, answersFor(survey, ['partenariats', 'outils'])) }
        def occurrence = facilitator.post('/api/peer-sessions/series', [theme: 'vie-du-reseau', title: 'Atelier partenariats', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2030-06-11T10:00:00', recurrence: 'once', dialIn: '01 00']).json.occurrences[0]
        def rankQuestion = survey.questions[0].id
        def someone = member()

        when:
        def linked = facilitator.post("/api/surveys/${survey.id}/agenda", [questionId: rankQuestion, optionValue: 'partenariats', occurrenceId: occurrence.id])
        def again = facilitator.post("/api/surveys/${survey.id}/agenda", [questionId: rankQuestion, optionValue: 'partenariats', occurrenceId: occurrence.id])

        then:
        linked.status == 201
        linked.json.rank == 1
        linked.json.points == 9
        linked.json.label == 'Partenariats'
        linked.json.occurrenceTitle == 'Atelier partenariats'
        again.json.id == linked.json.id
        someone.get("/api/surveys/${survey.id}/agenda").json*.label == ['Partenariats']
        someone.get("/api/surveys/occurrences/${occurrence.id}/agenda").json.collect { [it.surveyId, it.rank] } == [[survey.id, 1]]
        someone.post("/api/surveys/${survey.id}/agenda", [questionId: rankQuestion, optionValue: 'outils', occurrenceId: occurrence.id]).status == 403
        facilitator.post("/api/surveys/${survey.id}/agenda", [questionId: survey.questions[3].id, optionValue: '1', occurrenceId: occurrence.id])
                .json.violations*.message == ['must be a ranking question']
        facilitator.post("/api/surveys/${survey.id}/agenda", [questionId: rankQuestion, optionValue: 'outils', occurrenceId: UUID.randomUUID()]).status == 404
    }

    List noticesOf(ApiClient who, String kind, Map survey) {
        (who.get('/api/notifications?limit=50').json.items ?: []).findAll { it.kind == kind && it.link == "/surveys/${survey.id}" }
    }

    ApiClient inZone(String zone, String territory) {
        def who = member(territory: territory)
        assert who.patch('/api/me', [timeZone: zone]).status == 200
        who
    }

    def "the reminder goes once, two days before closing, at 09:00 in each person's zone, to those who have not answered"() {
        given: 'the surveys close on Saturday 10 April 2027 at 16:00 UTC: 18:00 in Paris, 06:00 in Tahiti, 03:00 on the 11th in Nouméa'
        clock.set(Instant.parse('2027-04-01T09:00:00Z'))
        def closes = '2027-04-10T16:00:00Z'
        def named = published(closesAt: closes)
        def anonymous = published(closesAt: closes, anonymous: true)
        def paris = inZone('Europe/Paris', '11')
        def parisAnswered = inZone('Europe/Paris', '11')
        def parisAnonymous = inZone('Europe/Paris', '11')
        def tahiti = inZone('Pacific/Tahiti', '987')
        def noumea = inZone('Pacific/Noumea', '988')
        assert submit(parisAnswered, named, answersFor(named, ['outils'])).status == 200
        assert submit(parisAnonymous, anonymous, answersFor(anonymous, ['outils'])).status == 200
        def service = app.bean(SurveyService)
        def count = { ApiClient who, Map survey -> noticesOf(who, 'survey.reminder', survey).size() }

        when: 'one minute before 09:00 in Paris on Thursday 8 April (07:00 UTC, summer time)'
        clock.set(Instant.parse('2027-04-08T06:59:00Z'))
        service.remindDue()

        then:
        [paris, parisAnswered, parisAnonymous, tahiti, noumea].every { count(it, named) == 0 && count(it, anonymous) == 0 }

        when: '09:00 in Paris, run twice'
        clock.set(Instant.parse('2027-04-08T07:00:00Z'))
        service.remindDue()
        service.remindDue()

        then: 'Paris people are reminded of what they did not answer, once'
        count(paris, named) == 1
        count(paris, anonymous) == 1
        count(parisAnswered, named) == 0
        count(parisAnswered, anonymous) == 1
        count(parisAnonymous, anonymous) == 0
        count(parisAnonymous, named) == 1
        count(tahiti, named) == 0
        count(noumea, named) == 0
        noticesOf(paris, 'survey.reminder', named)[0].data.title == 'Vos besoins pour 2027'

        when: '09:00 in Tahiti on the 8th (19:00 UTC)'
        clock.set(Instant.parse('2027-04-08T19:00:00Z'))
        service.remindDue()

        then:
        count(tahiti, named) == 1
        count(noumea, named) == 0
        count(paris, named) == 1

        when: '09:00 in Nouméa on the 9th (22:00 UTC on the 8th), and again the next day'
        clock.set(Instant.parse('2027-04-08T22:00:00Z'))
        service.remindDue()
        clock.set(Instant.parse('2027-04-09T22:00:00Z'))
        service.remindDue()

        then: 'everyone got at most one reminder per survey'
        count(noumea, named) == 1
        count(noumea, anonymous) == 1
        [paris, parisAnswered, parisAnonymous, tahiti, noumea].every { count(it, named) <= 1 && count(it, anonymous) <= 1 }
        rows('SELECT count(*) AS n FROM survey_reminder WHERE survey_id = ? AND person_id = ?',
                [UUID.fromString(named.id), UUID.fromString(paris.get('/api/me').json.id)])[0].n == 1

        cleanup:
        clock.set(Instant.parse('2027-03-20T09:00:00Z'))
    }

    def "the reminder job runs on one node per interval"() {
        given:
        clock.set(Instant.parse('2027-05-01T09:00:00Z'))
        def job = app.bean(SurveyReminders)

        expect:
        job.run() >= 0
        job.run() == -1

        when:
        clock.advance(Duration.ofMinutes(10))

        then:
        job.run() >= 0

        cleanup:
        clock.set(Instant.parse('2027-03-20T09:00:00Z'))
    }

    def "a reminder moment is 09:00 local, two days before the local closing day"() {
        expect:
        SurveyService.reminderAt(Instant.parse(closes), java.time.ZoneId.of(zone)) == Instant.parse(expected)

        where:
        closes                 | zone             || expected
        '2027-04-10T16:00:00Z' | 'Europe/Paris'   || '2027-04-08T07:00:00Z'
        '2027-04-10T16:00:00Z' | 'Pacific/Noumea' || '2027-04-08T22:00:00Z'
        '2027-04-10T16:00:00Z' | 'Pacific/Tahiti' || '2027-04-08T19:00:00Z'
        '2027-03-29T10:00:00Z' | 'Europe/Paris'   || '2027-03-27T08:00:00Z'
    }

    byte[] download(ApiClient who, String path) {
        def response = who.http.send(java.net.http.HttpRequest.newBuilder(URI.create(who.baseUrl + path)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray())
        assert response.statusCode() == 200
        assert response.headers().firstValue('Content-Type').orElse('') == 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        response.body()
    }

    List<List<String>> sheet(byte[] bytes) {
        new XSSFWorkbook(new ByteArrayInputStream(bytes)).withCloseable { book ->
            def sheet = book.getSheetAt(0)
            (0..sheet.lastRowNum).collect { r -> def row = sheet.getRow(r); (0..<row.lastCellNum).collect { row.getCell(it)?.stringCellValue ?: '' } }
        }
    }

    def "the XLSX export holds the CSV's table: names for a named survey, no ids for an anonymous one"() {
        given:
        def survey = published(anonymous: anonymous)
        def someone = member(territory: '11')
        def me = someone.get('/api/me').json
        submit(someone, survey, answersFor(survey, ['partenariats', 'outils'], 5, '=SOMME(A1) des "outils"'))

        when:
        def table = sheet(download(facilitator, "/api/surveys/${survey.id}/results.xlsx"))
        def csv = facilitator.get("/api/surveys/${survey.id}/results.csv").text.substring(1).split('\r\n')

        then:
        table.size() == 2
        table[0] == header
        table[0].size() == csv[0].split(',').size()
        table[1].contains('Partenariats > Outils')
        table[1].contains('=SOMME(A1) des "outils"')
        table[1].contains('5')
        table[1].contains(me.id) == !anonymous
        table[1].contains(me.displayName) == !anonymous
        someone.get("/api/surveys/${survey.id}/results.xlsx").status == 403

        where:
        anonymous || header
        false     || ['respondent_id', 'respondent', 'submitted_at', 'territory', 'organisation_kind', 'Vos priorités', 'Votre format préféré', 'Leviers', 'Votre charge', 'Autre chose ?']
        true      || ['territory', 'organisation_kind', 'Vos priorités', 'Votre format préféré', 'Leviers', 'Votre charge', 'Autre chose ?']
    }

    def "facilitators tag free-text answers into groups; results count the tags, never with a person"() {
        given:
        def survey = published(anonymous: anonymous, liveResults: true)
        def texts = ['Plus de visio', 'Des outils partagés', 'Des rencontres en visio']
        def people = texts.collect { member() }
        people.eachWithIndex { who, i -> assert submit(who, survey, answersFor(survey, ['outils'], 3, texts[i])).status == 200 }
        def textQuestion = survey.questions[4].id
        def entries = facilitator.get("/api/surveys/${survey.id}/results").json.entries
        def entry = { String text -> entries.find { it.text == text } }

        when:
        facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${entry('Plus de visio').answerId}/tags", [questionId: textQuestion, tags: ['Visio', ' Visio ']])
        facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${entry('Des rencontres en visio').answerId}/tags", [questionId: textQuestion, tags: ['Visio', 'Rencontres']])
        def again = facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${entry('Des outils partagés').answerId}/tags", [questionId: textQuestion, tags: ['Outils']])
        def results = facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${entry('Des outils partagés').answerId}/tags", [questionId: textQuestion, tags: ['Outils']])
        def seen = people[0].get("/api/surveys/${survey.id}/results").json

        then:
        again.status == 200
        results.json.tags.collect { [it.label, it.count] } == [['Visio', 2], ['Outils', 1], ['Rencontres', 1]]
        results.json.entries.find { it.text == 'Des rencontres en visio' }.tags.sort() == ['Rencontres', 'Visio']
        seen.tags.collect { [it.label, it.count] } == [['Visio', 2], ['Outils', 1], ['Rencontres', 1]]
        !seen.entries
        rows('SELECT count(*) AS n FROM survey_answer_tag t JOIN survey_answer a ON a.id = t.answer_id WHERE a.survey_id = ? AND a.respondent_id IS NOT NULL',
                [UUID.fromString(survey.id)])[0].n == (anonymous ? 0 : 4)
        people[0].send('PUT', "/api/surveys/${survey.id}/answers/${entry('Plus de visio').answerId}/tags", [questionId: textQuestion, tags: ['X']]).status == 403
        facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${entry('Plus de visio').answerId}/tags", [questionId: survey.questions[0].id, tags: ['X']])
                .json.violations*.message == ['must be a free-text question']
        facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${UUID.randomUUID()}/tags", [questionId: textQuestion, tags: ['X']]).status == 404
        facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${entry('Plus de visio').answerId}/tags", [questionId: textQuestion, tags: ['x' * 41]]).status == 400

        when: 'an empty list removes the tags'
        def cleared = facilitator.send('PUT', "/api/surveys/${survey.id}/answers/${entry('Des outils partagés').answerId}/tags", [questionId: textQuestion, tags: []])

        then:
        cleared.json.tags.collect { [it.label, it.count] } == [['Visio', 2], ['Rencontres', 1]]

        where:
        anonymous << [true, false]
    }

    def "respondents who ranked a priority first are told when it goes on an agenda; an anonymous survey tells nobody"() {
        given:
        def survey = published(anonymous: anonymous)
        def first = member()
        def second = member()
        def alsoFirst = member()
        submit(first, survey, answersFor(survey, ['partenariats', 'outils']))
        submit(second, survey, answersFor(survey, ['outils', 'partenariats']))
        submit(alsoFirst, survey, answersFor(survey, ['partenariats']))
        def occurrence = facilitator.post('/api/peer-sessions/series', [theme: 'vie-du-reseau', title: 'Atelier des priorités', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2030-06-12T10:00:00', recurrence: 'once', dialIn: '01 00']).json.occurrences[0]
        def link = [questionId: survey.questions[0].id, optionValue: 'partenariats', occurrenceId: occurrence.id]

        when: 'linked twice'
        assert facilitator.post("/api/surveys/${survey.id}/agenda", link).status == 201
        assert facilitator.post("/api/surveys/${survey.id}/agenda", link).status == 201
        def told = { ApiClient who -> noticesOf(who, 'survey.priority_scheduled', survey) }

        then:
        told(first).size() == (anonymous ? 0 : 1)
        told(alsoFirst).size() == (anonymous ? 0 : 1)
        told(second).isEmpty()
        anonymous || told(first)[0].data == [title: 'Vos besoins pour 2027', priority: 'Partenariats', session: 'Atelier des priorités']

        where:
        anonymous << [false, true]
    }
}
