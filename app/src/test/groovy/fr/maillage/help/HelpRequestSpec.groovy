package fr.maillage.help

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

/**
 * Help requests end to end on two nodes sharing PostgreSQL and Redis: matching and live offers,
 * one winner among concurrent accepts, the private conversation and who may read it, passing,
 * solving with credit, bad input, and escalation that happens once.
 */
class HelpRequestSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    Map props = ['maillage.help.top-matches': 4, 'maillage.help.escalation-check-interval': '1h',
                 'datasources.default.maximum-pool-size': 5]
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a', clock: clock, properties: props)
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', clock: clock, database: nodeA.databaseUrl, properties: props)
    @Shared
    ApiClient admin = Accounts.administrator(nodeA)
    @Shared
    ApiClient facilitator = Accounts.invited(nodeA, admin, 'facilitator')
    @Shared
    ApiClient requester = Accounts.invited(nodeA, admin, 'member')
    @Shared
    ApiClient outsider = Accounts.invited(nodeA, admin, 'member')
    @Shared
    ApiClient guest = Accounts.invited(nodeA, admin, 'guest')
    @Shared
    ApiClient paused = Accounts.invited(nodeA, admin, 'member')
    @Shared
    List<ApiClient> pioneers = (1..6).collect { Accounts.invited(nodeA, admin, 'member') }
    @Shared
    List<String> territories = ['53', '11', '84', '04', '988', '76']
    def conditions = new PollingConditions(timeout: 10)
    List<LiveClient> sockets = []

    static String idOf(ApiClient client) {
        client.get('/api/session').json.user.id
    }

    static Map profile(String territory, Map overrides = [:]) {
        [territoryCode: territory, metiers: [], competences: [[slug: 'mecenat', mode: 'can_help']], pioneer: true,
         availability: 'open', maxOpenRequests: 3, languages: ['fr'], showEmail: false] + overrides
    }

    def setupSpec() {
        def declare = { ApiClient who, Map p ->
            assert who.send('PUT', '/api/directory/me', p).status == 200
            assert facilitator.send('PUT', "/api/directory/people/${idOf(who)}/pioneer", [confirmed: true]).status == 200
        }
        pioneers.eachWithIndex { p, i -> declare(p, profile(territories[i])) }
        declare(paused, profile('53', [availability: 'paused']))
        declare(requester, profile('53'))
    }

    def cleanup() {
        sockets*.close()
    }

    LiveClient live(TestApp node, ApiClient who) {
        def socket = LiveClient.connect(node.baseUrl, who)
        sockets << socket
        socket
    }

    Map ask(Map overrides = [:]) {
        def reply = requester.post('/api/help', [idempotencyKey: UUID.randomUUID().toString(), title: 'Trouver un mécène pour notre tiers-lieu',
                                                 need: 'Nous cherchons un premier mécène local.', competences: ['mecenat'],
                                                 theme: 'entraide-et-accueil', urgency: 'high', preferredForm: 'call'] + overrides)
        assert reply.status == 201: reply.toString()
        reply.json
    }

    long count(String sql, Object... params) {
        Rows.count(nodeA, sql, params)
    }

    def "a request is offered live to the best-matched pioneers, with reasons, never to the requester or a paused pioneer"() {
        given:
        def first = idOf(pioneers[0])
        def socket = live(nodeB, pioneers[0])
        assert socket.command([type: 'subscribe', streams: [[stream: "person:${first}".toString()]]]).type == 'ack'

        when:
        def request = ask()
        def page = requester.get("/api/help/${request.id}").json

        then:
        conditions.eventually {
            def notice = socket.eventsOf("person:${first}").find { it.type == 'notification.created' }?.notification
            assert notice?.kind == 'help.offered'
            assert notice.urgent == true
            assert notice.link == "/help/${request.id}".toString()
        }
        page.matches.size() == 4
        page.matches[0].pioneer.id == first
        page.matches[0].reasons*.factor == ['competence', 'territory', 'load', 'responsiveness']
        page.matches[0].reasons.find { it.factor == 'territory' }.detail == 'same_territory'
        page.matches.every { m -> m.score == m.reasons.sum { it.points } }
        !page.matches*.pioneer.id.contains(idOf(requester))
        !page.matches*.pioneer.id.contains(idOf(paused))
        page.stream == "help:${request.id}".toString()
        pioneers[0].get("/api/help/${request.id}").json.myOffer == 'offered'
        pioneers[0].get('/api/help').json.offered*.id.contains(request.id)
    }

    def "many pioneers accepting at once: exactly one becomes the helper, the others are told"() {
        given:
        def request = ask()
        def offered = requester.get("/api/help/${request.id}").json.matches*.pioneer*.id
        def clients = pioneers.findAll { offered.contains(idOf(it)) }
        assert clients.size() == 4
        def gate = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(clients.size())

        when:
        def futures = clients.withIndex().collect { ApiClient c, int i ->
            def client = i % 2 == 0 ? c : c.switchTo(nodeB.baseUrl)
            pool.submit({ gate.await(); client.post("/api/help/${request.id}/accept", [:]) } as Callable)
        }
        gate.countDown()
        def replies = futures*.get()

        then:
        replies.count { it.status == 200 } == 1
        replies.findAll { it.status != 200 }.every { it.status == 409 && it.problem }
        count('SELECT count(*) FROM help_offer WHERE request_id = ?::uuid AND state = ?', request.id, 'accepted') == 1
        count("SELECT count(*) FROM stream_event WHERE stream_id = ? AND type = 'help.accepted'", "help:${request.id}".toString()) == 1
        requester.get("/api/help/${request.id}").json.request.helper.id == replies.find { it.status == 200 }.json.helper.id

        cleanup:
        pool?.shutdown()
    }

    def "requester and helper talk live on the private stream, resumable; nobody else reads it"() {
        given:
        def request = ask()
        def helper = pioneers.find { requester.get("/api/help/${request.id}").json.matches[0].pioneer.id == idOf(it) }
        def loser = pioneers.find { it != helper && requester.get("/api/help/${request.id}").json.matches*.pioneer*.id.contains(idOf(it)) }
        assert helper.post("/api/help/${request.id}/accept", [:]).status == 200
        String stream = "help:${request.id}"
        def mine = live(nodeA, requester)
        def theirs = live(nodeB, helper)
        [mine, theirs].each { assert it.command([type: 'subscribe', streams: [[stream: stream]]]).type == 'ack' }

        when:
        def sent = mine.command([type: 'help.post_message', idempotencyKey: 'k1', helpRequestId: request.id, body: 'Bonjour, merci !'])
        def replay = mine.command([type: 'help.post_message', idempotencyKey: 'k1', helpRequestId: request.id, body: 'Bonjour, merci !'])
        def answered = theirs.command([type: 'help.post_message', idempotencyKey: 'k2', helpRequestId: request.id, body: 'Avec plaisir.'])

        then:
        sent.type == 'ack'
        replay.seq == sent.seq
        answered.type == 'ack'
        conditions.eventually {
            assert theirs.eventsOf(stream).findAll { it.type == 'help.message_posted' }*.message*.body == ['Bonjour, merci !', 'Avec plaisir.']
            assert mine.eventsOf(stream).findAll { it.type == 'help.message_posted' }.size() == 2
        }
        count('SELECT count(*) FROM help_message WHERE request_id = ?::uuid', request.id) == 2

        when: 'a client resumes from an earlier sequence'
        def late = live(nodeA, requester)
        late.command([type: 'subscribe', streams: [[stream: stream, after: sent.seq - 1]]])

        then:
        conditions.eventually {
            assert late.eventsOf(stream)*.type == ['help.message_posted', 'help.message_posted']
        }

        and: 'the other offered pioneer, a paused pioneer, an outsider and a guest cannot read it'
        def losing = live(nodeA, loser)
        losing.command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'
        loser.get("/api/help/${request.id}").json.messages == null
        loser.get("/api/help/${request.id}").json.matches == null
        [paused, outsider, guest].every { it.get("/api/help/${request.id}").status == 404 }
        live(nodeA, outsider).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'
        live(nodeA, paused).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'
        live(nodeA, guest).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'

        and: 'a facilitator or an administrator sees the request, not the conversation, before escalation or invitation'
        def unlet = facilitator.get("/api/help/${request.id}").json
        unlet.request.id == request.id
        unlet.messages == null && unlet.stream == null && unlet.readers == null
        unlet.matches.size() > 0
        admin.get("/api/help/${request.id}").json.messages == null
        live(nodeB, facilitator).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'
        live(nodeA, admin).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'
        live(nodeA, facilitator).command([type: 'help.post_message', idempotencyKey: 'k3', helpRequestId: request.id, body: 'Hop']).type == 'error'

        and: 'the participants see who can read: the two of them, nobody else yet'
        def readers = requester.get("/api/help/${request.id}").json.readers
        readers.participants*.id == [idOf(requester), idOf(helper)]
        readers.invited == []
        readers.facilitators == false
        readers.invitable*.id.containsAll([idOf(facilitator), idOf(admin)])
        helper.get("/api/help/${request.id}").json.readers.invitable*.id.contains(idOf(facilitator))
    }

    /** Frees the helper's capacity (maxOpenRequests) for the specs after this one. */
    void solve(Object requestId) {
        assert requester.post("/api/help/${requestId}/solve", [thanks: null]).status == 200
    }

    Map accepted(Map overrides = [:]) {
        def request = ask(overrides)
        def offered = requester.get("/api/help/${request.id}").json.matches.find { it.state == 'offered' }
        assert offered: 'no pioneer was offered the request'
        def helper = pioneers.find { idOf(it) == offered.pioneer.id }
        assert helper.post("/api/help/${request.id}/accept", [:]).status == 200
        [request: request, helper: helper, stream: "help:${request.id}".toString()]
    }

    def "a participant invites a facilitator into the conversation: live on the other node, audited, shown to both"() {
        given:
        def (request, helper, stream) = accepted(title: 'Une invitation à lire').with { [it.request, it.helper, it.stream] }
        def facilitatorOnB = facilitator.switchTo(nodeB.baseUrl)
        def watcher = live(nodeB, facilitatorOnB)
        assert watcher.command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'
        def theirs = live(nodeB, helper)
        assert theirs.command([type: 'subscribe', streams: [[stream: stream]]]).type == 'ack'
        def facilitatorId = idOf(facilitator)

        when: 'the requester invites the facilitator on node A'
        def invited = requester.post("/api/help/${request.id}/readers", [userId: facilitatorId])

        then: 'both participants see the new reader; the facilitator is told'
        invited.status == 200
        invited.json.invited*.reader*.id == [facilitatorId]
        invited.json.invited[0].invitedBy.id == idOf(requester)
        !invited.json.invitable*.id.contains(facilitatorId)
        conditions.eventually {
            def event = theirs.eventsOf(stream).find { it.type == 'help.reader_invited' }
            assert event?.reader?.id == facilitatorId
            assert event.invitedBy.id == idOf(requester)
        }
        helper.get("/api/help/${request.id}").json.readers.invited*.reader*.id == [facilitatorId]
        facilitator.get('/api/notifications').json.items.find { it.kind == 'help.reader_invited' && it.link == "/help/${request.id}".toString() }
        count("SELECT count(*) FROM audit_entry WHERE action = 'help.reader_invited' AND target_id = ?", request.id as String) == 1

        when: 'the facilitator subscribes on node B, and the requester writes on node A'
        def ack = watcher.command([type: 'subscribe', streams: [[stream: stream]]])
        def sent = live(nodeA, requester).command([type: 'help.post_message', idempotencyKey: UUID.randomUUID().toString(),
                                                   helpRequestId: request.id, body: 'Merci de nous lire.'])

        then:
        ack.type == 'ack'
        sent.type == 'ack'
        conditions.eventually {
            assert watcher.eventsOf(stream).find { it.type == 'help.message_posted' }?.message?.body == 'Merci de nous lire.'
        }
        facilitator.get("/api/help/${request.id}").json.messages*.body == ['Merci de nous lire.']
        facilitator.get("/api/help/${request.id}").json.readers.invitable == []

        and: 'the invited facilitator reads but does not write; another facilitator (the administrator) still cannot read'
        watcher.command([type: 'help.post_message', idempotencyKey: 'k-f', helpRequestId: request.id, body: 'Hop']).type == 'error'
        admin.get("/api/help/${request.id}").json.messages == null
        live(nodeA, admin).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'error'

        when: 'inviting the same person again'
        def again = helper.post("/api/help/${request.id}/readers", [userId: facilitatorId])

        then: 'nothing new is written'
        again.status == 200
        again.json.invited.size() == 1
        count("SELECT count(*) FROM audit_entry WHERE action = 'help.reader_invited' AND target_id = ?", request.id as String) == 1
        count("SELECT count(*) FROM stream_event WHERE stream_id = ? AND type = 'help.reader_invited'", stream) == 1

        cleanup:
        solve(request.id)
    }

    def "inviting a reader: only participants, only facilitators or administrators, bad input refused (#why)"() {
        given:
        def made = accepted(title: 'Qui peut inviter')
        def loser = pioneers.find { it != made.helper && requester.get("/api/help/${made.request.id}").json.matches*.pioneer*.id.contains(idOf(it)) }
        Map who = [requester: requester, facilitator: facilitator, admin: admin, outsider: outsider, guest: guest, loser: loser]
        Map ids = [facilitator: idOf(facilitator), member: idOf(outsider), unknown: UUID.randomUUID().toString()]

        when:
        def reply = who[caller].post("/api/help/${made.request.id}/readers", body instanceof String ? body : (body.userId ? [userId: ids[body.userId]] : body))

        then:
        reply.status == status
        reply.problem
        count('SELECT count(*) FROM help_conversation_reader WHERE request_id = ?::uuid', made.request.id) == 0
        count("SELECT count(*) FROM audit_entry WHERE action = 'help.reader_invited' AND target_id = ?", made.request.id as String) == 0

        cleanup:
        solve(made.request.id)

        where:
        why                                   | caller        | body                     || status
        'a facilitator invites themself'      | 'facilitator' | [userId: 'facilitator']  || 403
        'an administrator invites'            | 'admin'       | [userId: 'facilitator']  || 403
        'an offered pioneer who lost'         | 'loser'       | [userId: 'facilitator']  || 403
        'an outsider'                         | 'outsider'    | [userId: 'facilitator']  || 404
        'a guest'                             | 'guest'       | [userId: 'facilitator']  || 404
        'a member is not a facilitator'       | 'requester'   | [userId: 'member']       || 400
        'an unknown person'                   | 'requester'   | [userId: 'unknown']      || 400
        'no userId'                           | 'requester'   | [:]                      || 400
        'not a uuid'                          | 'requester'   | '{"userId":"moi"}'       || 400
    }

    def "the requester and the helper inviting the same facilitator at once, on two nodes: one reader, one audit entry"() {
        given:
        def made = accepted(title: 'Deux invitations à la fois')
        def helperOnB = made.helper.switchTo(nodeB.baseUrl)
        def gate = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(2)

        when:
        def replies = [requester, helperOnB].collect { who ->
            pool.submit({ gate.await(); who.post("/api/help/${made.request.id}/readers", [userId: idOf(facilitator)]) } as Callable)
        }
        gate.countDown()
        def statuses = replies*.get()*.status

        then:
        statuses == [200, 200]
        count('SELECT count(*) FROM help_conversation_reader WHERE request_id = ?::uuid', made.request.id) == 1
        count("SELECT count(*) FROM audit_entry WHERE action = 'help.reader_invited' AND target_id = ?", made.request.id as String) == 1
        count("SELECT count(*) FROM stream_event WHERE stream_id = ? AND type = 'help.reader_invited'", made.stream) == 1

        cleanup:
        pool?.shutdown()
        solve(made.request.id)
    }

    def "a pioneer may pass with a reason, once; someone not offered cannot"() {
        given:
        def request = ask()
        def matches = requester.get("/api/help/${request.id}").json.matches
        def passer = pioneers.find { idOf(it) == matches[1].pioneer.id }

        when:
        def reply = passer.post("/api/help/${request.id}/pass", [reason: 'En congé cette semaine'])

        then:
        reply.status == 200
        requester.get("/api/help/${request.id}").json.matches.find { it.pioneer.id == idOf(passer) }.passReason == 'En congé cette semaine'
        passer.post("/api/help/${request.id}/pass", [reason: 'encore']).status == 409
        passer.post("/api/help/${request.id}/accept", [:]).status == 409
        outsider.post("/api/help/${request.id}/pass", [reason: 'non']).status == 404
        passer.post("/api/help/${request.id}/pass", [reason: '']).status == 400
    }

    def "solved: the requester thanks the helper, whose solved count shows on their profile"() {
        given:
        def request = ask()
        def helperId = requester.get("/api/help/${request.id}").json.matches[0].pioneer.id
        def helper = pioneers.find { idOf(it) == helperId }
        def before = outsider.get("/api/directory/people/${helperId}").json.solvedCount
        expect:
        requester.post("/api/help/${request.id}/solve", [thanks: 'Merci']).status == 409
        helper.post("/api/help/${request.id}/accept", [:]).status == 200

        when:
        def other = helper.post("/api/help/${request.id}/solve", [thanks: 'Je me remercie'])
        def solved = requester.post("/api/help/${request.id}/solve", [thanks: 'Merci, c’était précieux'])

        then:
        other.status == 403
        solved.status == 200
        solved.json.status == 'solved'
        solved.json.thanks == 'Merci, c’était précieux'
        outsider.get("/api/directory/people/${helperId}").json.solvedCount == before + 1
        helper.get('/api/notifications').json.items.find { it.kind == 'help.thanked' && it.link == "/help/${request.id}".toString() }
        requester.post("/api/help/${request.id}/solve", [thanks: 'Encore']).status == 409
        facilitator.get('/api/help/board').json.solved*.id.contains(request.id)
    }

    def "the requester may publish the conversation to the theme, once"() {
        given:
        def request = ask(title: 'Une conversation à partager')
        def helperId = requester.get("/api/help/${request.id}").json.matches[0].pioneer.id
        def helper = pioneers.find { idOf(it) == helperId }
        expect:
        requester.post("/api/help/${request.id}/publish", [:]).status == 409
        helper.post("/api/help/${request.id}/accept", [:]).status == 200
        requester.post("/api/help/${request.id}/messages", [idempotencyKey: 'pub-1', body: 'Voici notre échange.']).status == 201

        when:
        def other = helper.post("/api/help/${request.id}/publish", [:])
        def published = requester.post("/api/help/${request.id}/publish", [:])
        def thread = outsider.get("/api/threads/${published.json.threadId}")

        then:
        other.status == 403
        published.status == 201
        thread.status == 200
        thread.json.thread.title == 'Une conversation à partager'
        thread.json.posts[0].body.contains('Voici notre échange.')
        requester.post("/api/help/${request.id}/publish", [:]).status == 409
        count('SELECT count(*) FROM discussion_thread WHERE title = ?', 'Une conversation à partager') == 1
    }

    def "bad input (#why) gets problem+json and writes nothing"() {
        given:
        def before = count('SELECT count(*) FROM help_request')

        when:
        def reply = (who == 'guest' ? guest : requester).post('/api/help', [idempotencyKey: UUID.randomUUID().toString(), title: 'Besoin d’aide',
                need: 'Un besoin', competences: ['mecenat'], theme: 'entraide-et-accueil', urgency: 'normal', preferredForm: 'written'] + change)

        then:
        reply.status == status
        reply.problem
        count('SELECT count(*) FROM help_request') == before

        where:
        why                  | who         | change                                  || status
        'unknown competence' | 'requester' | [competences: ['astrologie']]           || 400
        'no competence'      | 'requester' | [competences: []]                       || 400
        'unknown theme'      | 'requester' | [theme: 'nulle-part']                   || 400
        'over-long title'    | 'requester' | [title: 'x' * 201]                      || 400
        'over-long need'     | 'requester' | [need: 'x' * 5001]                      || 400
        'unknown urgency'    | 'requester' | [urgency: 'yesterday']                  || 400
        'a guest asking'     | 'guest'     | [:]                                     || 403
    }

    def "the same idempotency key creates one request"() {
        given:
        def body = [idempotencyKey: 'same-key', title: 'Une seule fois', need: 'x', competences: ['mecenat'],
                    theme: 'entraide-et-accueil', urgency: 'low', preferredForm: 'visit']

        when:
        def first = requester.post('/api/help', body)
        def second = requester.post('/api/help', body)

        then:
        first.json.id == second.json.id
        count("SELECT count(*) FROM help_request WHERE title = 'Une seule fois'") == 1
    }

    def "no acceptance within the delay: escalation happens once, even when both nodes run it at once"() {
        given:
        def request = ask(title: 'Personne ne répond')
        def firstWave = count("SELECT count(*) FROM help_offer WHERE request_id = ?::uuid AND wave = 'first'", request.id)
        clock.advance(Duration.ofHours(71))

        expect:
        nodeA.bean(HelpService).escalateDue() + nodeB.bean(HelpService).escalateDue() == 0
        !facilitator.get('/api/help/board').json.late*.id.contains(request.id)

        when:
        clock.advance(Duration.ofHours(2))
        def gate = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(2)
        def runs = [nodeA, nodeB].collect { node -> pool.submit({ gate.await(); node.bean(HelpService).escalateDue() } as Callable) }
        gate.countDown()
        def escalated = runs*.get()

        then:
        escalated.sum() >= 1
        count('SELECT count(*) FROM help_request WHERE id = ?::uuid AND escalated_at IS NOT NULL', request.id) == 1
        count("SELECT count(*) FROM stream_event WHERE stream_id = ? AND type = 'help.escalated'", "help:${request.id}".toString()) == 1
        count("SELECT count(*) FROM notification WHERE kind = 'help.escalated' AND link = ?", "/help/${request.id}".toString()) == 2
        count("SELECT count(*) FROM help_offer WHERE request_id = ?::uuid AND wave = 'escalation'", request.id) >= 1
        firstWave == 4
        facilitator.get('/api/help/board').json.late*.id.contains(request.id)
        requester.get("/api/help/${request.id}").json.request.late

        and: 'running it again changes nothing'
        nodeB.bean(HelpService).escalateDue() == 0
        count("SELECT count(*) FROM notification WHERE kind = 'help.escalated' AND link = ?", "/help/${request.id}".toString()) == 2

        cleanup:
        pool?.shutdown()
    }

    def "once a request has escalated, every facilitator and administrator reads its conversation, on both nodes"() {
        given:
        def request = ask(title: 'Escaladée puis acceptée')
        clock.advance(Duration.ofHours(73))
        nodeA.bean(HelpService).escalateDue()
        def offered = requester.get("/api/help/${request.id}").json.matches.find { it.state == 'offered' }
        def helper = pioneers.find { idOf(it) == offered.pioneer.id }
        assert helper.post("/api/help/${request.id}/accept", [:]).status == 200
        String stream = "help:${request.id}"
        assert live(nodeA, requester).command([type: 'help.post_message', idempotencyKey: UUID.randomUUID().toString(),
                                               helpRequestId: request.id, body: 'Enfin quelqu’un !']).type == 'ack'

        expect:
        facilitator.get("/api/help/${request.id}").json.messages*.body == ['Enfin quelqu’un !']
        admin.get("/api/help/${request.id}").json.messages*.body == ['Enfin quelqu’un !']
        live(nodeB, facilitator.switchTo(nodeB.baseUrl)).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'ack'
        live(nodeA, admin).command([type: 'subscribe', streams: [[stream: stream]]]).type == 'ack'

        and: 'the participants are shown that the facilitation team reads; nobody is left to invite'
        def readers = requester.get("/api/help/${request.id}").json.readers
        readers.facilitators == true
        readers.invitable == []

        and: 'members outside still cannot'
        outsider.get("/api/help/${request.id}").status == 404
    }

    def "only facilitators see the board"() {
        expect:
        requester.get('/api/help/board').status == 403
        guest.get('/api/help/board').status == 403
        facilitator.get('/api/help/board').status == 200
    }
}
