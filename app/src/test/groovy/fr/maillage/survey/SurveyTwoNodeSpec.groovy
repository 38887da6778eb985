package fr.maillage.survey

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Duration
import java.time.Instant

/**
 * Two nodes share PostgreSQL and Redis: an answer submitted on node A moves the results a
 * facilitator watches on node B, and a facilitator who reconnects on node A gets the missed
 * event replayed from PostgreSQL.
 */
class SurveyTwoNodeSpec extends Specification {
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'survey-a')
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'survey-b', database: nodeA.databaseUrl)
    def conditions = new PollingConditions(timeout: 15)

    def "an answer on one node reaches the facilitator's results on the other, and is replayed after a reconnect"() {
        given:
        def admin = Accounts.administrator(nodeA)
        def facilitator = Accounts.invited(nodeA, admin, 'facilitator')
        def respondent = Accounts.invited(nodeA, admin, 'member')
        def late = Accounts.invited(nodeA, admin, 'member')
        def now = Instant.now()
        def survey = facilitator.post('/api/surveys', [title: 'Deux nœuds', audienceKind: 'network', opensAt: now.minus(Duration.ofHours(1)).toString(),
                                                       closesAt: now.plus(Duration.ofDays(3)).toString(), anonymous: true, liveResults: false]).json
        facilitator.send('PUT', "/api/surveys/${survey.id}/questions", [questions: [[kind: 'scale', prompt: 'Votre charge', required: true]]])
        survey = facilitator.post("/api/surveys/${survey.id}/publish").json
        def onB = facilitator.switchTo(nodeB.baseUrl)
        def seq = onB.get("/api/surveys/${survey.id}/results").json.seq as long
        def watcher = LiveClient.connect(nodeB.baseUrl, onB)
        assert watcher.answer(watcher.subscribe("survey:${survey.id}", seq)).type == 'ack'

        when:
        def reply = respondent.post("/api/surveys/${survey.id}/answers", [answers: [[questionId: survey.questions[0].id, scale: 4]], idempotencyKey: 'k1'])

        then:
        reply.status == 200
        conditions.eventually {
            assert watcher.eventsOf("survey:${survey.id}").find { it.type == 'survey.results_changed' && it.answerCount == 1 }
        }
        onB.get("/api/surveys/${survey.id}/results").json.questions[0].distribution == [0, 0, 0, 1, 0]

        when: 'the watcher drops, an answer comes meanwhile, and it reconnects to node A'
        long seen = watcher.lastSeq["survey:${survey.id}".toString()]
        watcher.drop()
        assert late.post("/api/surveys/${survey.id}/answers", [answers: [[questionId: survey.questions[0].id, scale: 2]]]).status == 200
        def again = LiveClient.connect(nodeA.baseUrl, facilitator)
        assert again.answer(again.subscribe("survey:${survey.id}", seen)).type == 'ack'

        then:
        conditions.eventually {
            assert again.eventsOf("survey:${survey.id}").find { it.type == 'survey.results_changed' && it.answerCount == 2 }
        }

        cleanup:
        watcher?.close()
        again?.close()
    }
}
