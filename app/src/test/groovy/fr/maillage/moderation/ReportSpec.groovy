package fr.maillage.moderation

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

/**
 * Reports of posts and the moderation queue (issue 14, section 3). Two nodes share PostgreSQL
 * and Redis: reports made on node A reach moderators subscribed on node B, and the report rate
 * limit is counted for both.
 */
class ReportSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    static final String STREAM = "theme:${THEME}"
    static final int LIMIT = 4
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a',
            properties: ['maillage.moderation.reports-per-hour': LIMIT])
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', database: nodeA.databaseUrl,
            properties: ['maillage.moderation.reports-per-hour': LIMIT])
    @Shared
    ApiClient admin = Accounts.administrator(nodeA)
    @Shared
    ApiClient facilitator = Accounts.invited(nodeA, admin, 'facilitator')
    @Shared
    ApiClient secondFacilitator = Accounts.invited(nodeA, admin, 'facilitator')
    @Shared
    ApiClient author = Accounts.invited(nodeA, admin, 'member')
    @Shared
    Map<ApiClient, LiveClient> sockets = [:]
    def conditions = new PollingConditions(timeout: 10)

    def cleanupSpec() {
        sockets.values()*.close()
    }

    LiveClient live(ApiClient who) {
        sockets.computeIfAbsent(who) { LiveClient.connect(nodeA.baseUrl, who) }
    }

    ApiClient member() {
        Accounts.invited(nodeA, admin, 'member')
    }

    /** A new thread by the author, with a reply; returns its ids. */
    Map thread(String body = 'Un message à signaler') {
        def ack = live(author).command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                        theme: THEME, kind: 'discussion', title: 'Un fil signalé', body: 'Le premier message'])
        assert ack.type == 'ack': ack
        def reply = live(author).command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(),
                                          threadId: ack.result.threadId, body: body])
        assert reply.type == 'ack': reply
        [threadId: ack.result.threadId, openingId: ack.result.postId, postId: reply.result.postId]
    }

    ApiClient.Reply report(ApiClient who, def postId, String reason = 'abusive', String text = null) {
        who.post('/api/reports', [itemKind: 'post', itemId: postId, reason: reason, text: text])
    }

    Map queuedCase(def postId, ApiClient moderator = facilitator) {
        moderator.get('/api/moderation/cases').json.cases.find { it.item.id == postId }
    }

    List<Map> notifications(ApiClient who) {
        who.get('/api/notifications?limit=100').json.items
    }

    def sql(String statement, List params = []) {
        nodeA.bean(TransactionOperations).executeRead { status ->
            nodeA.bean(JdbcOperations).prepareStatement(statement) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                def rs = ps.executeQuery()
                def rows = []
                while (rs.next()) {
                    rows << (1..rs.metaData.columnCount).collectEntries { [rs.metaData.getColumnLabel(it), rs.getObject(it)] }
                }
                rows
            }
        }
    }

    def "a member reports a post, and a moderator subscribed on another node sees it live, in context"() {
        given:
        def onB = nodeB.client()
        def email = "mod-${UUID.randomUUID()}@example.org"
        Accounts.invited(nodeA, admin, 'facilitator', email)
        assert onB.post('/api/session', [email: email, password: Accounts.PASSWORD]).status == 200
        def queue = onB.get('/api/moderation/cases').json
        def watcher = LiveClient.connect(nodeB.baseUrl, onB)
        assert watcher.answer(watcher.subscribe('moderation', queue.seq as long)).type == 'ack'
        def reporter = member()
        def t = thread('Des propos blessants')

        when:
        def reply = report(reporter, t.postId, 'abusive', 'Ce message insulte quelqu’un.')

        then:
        reply.status == 201
        reply.json.caseId
        !reply.json.alreadyReported
        conditions.eventually {
            def event = watcher.eventsOf('moderation').find { it.type == 'moderation.case_changed' && it.case.item.id == t.postId }
            assert event
            assert event.case.status == 'open'
            assert event.case.reportCount == 1
            assert event.case.item.text == 'Des propos blessants'
            assert event.case.item.authorName == author.get('/api/me').json.displayName
            assert event.case.item.title == 'Un fil signalé'
            assert event.case.item.context == THEME
            assert event.case.item.link == "/threads/${t.threadId}#post-${t.postId}"
            assert event.case.reports[0].reason == 'abusive'
            assert event.case.reports[0].text == 'Ce message insulte quelqu’un.'
            assert event.case.reports[0].reporterName == reporter.get('/api/me').json.displayName
        }
        watcher.anomalies.isEmpty()

        cleanup:
        watcher?.close()
    }

    def "reporting the same post twice while it is open answers the first report; another person's report adds to the case"() {
        given:
        def reporter = member()
        def t = thread()
        def first = report(reporter, t.postId, 'spam')

        when:
        def again = report(reporter, t.postId, 'abusive')
        def other = report(member(), t.postId, 'off_topic')

        then:
        first.status == 201
        again.status == 200
        again.json.alreadyReported
        again.json.id == first.json.id
        again.json.reason == 'spam'
        other.status == 201
        other.json.caseId == first.json.caseId
        queuedCase(t.postId).reportCount == 2
        sql('SELECT count(*) AS n FROM moderation_report WHERE case_id = ?', [UUID.fromString(first.json.caseId)])[0].n == 2
    }

    def "hiding a reported post leaves a tombstone: its text is served to members by no route and no replay, moderators still read it"() {
        given:
        def reporter = member()
        def reader = member()
        def t = thread('Le texte à masquer absolument')
        assert live(author).command([type: 'discussion.edit_post', idempotencyKey: UUID.randomUUID().toString(), postId: t.postId,
                                     body: 'Le texte à masquer absolument, encore']).type == 'ack'
        def readerSocket = live(reader)
        assert readerSocket.answer(readerSocket.subscribe(STREAM)).type == 'ack'
        def caseId = report(reporter, t.postId).json.caseId

        when:
        def hidden = facilitator.post("/api/moderation/cases/${caseId}/hide")

        then: "the case is resolved and leaves the queue"
        hidden.status == 200
        hidden.json.status == 'hidden'
        hidden.json.resolvedByName
        queuedCase(t.postId) == null

        and: "readers get a tombstone live, in the post's place"
        conditions.eventually {
            def event = readerSocket.eventsOf(STREAM).find { it.type == 'discussion.post_hidden' && it.post.id == t.postId }
            assert event && event.post.hidden && event.post.body == '' && event.post.html == ''
        }
        def posts = reader.get("/api/threads/${t.threadId}").json.posts
        posts*.id == [t.openingId, t.postId]
        posts[1].hidden && posts[1].body == '' && posts[1].html == ''

        and: "no history, no search hit, no replay carries the text"
        reader.get("/api/posts/${t.postId}/history").json == []
        reader.get('/api/search?q=masquer').json.hits.every { it.postId != t.postId }
        def replay = LiveClient.connect(nodeA.baseUrl, reader)
        replay.answer(replay.subscribe(STREAM, 0L)).type == 'ack'
        conditions.eventually {
            assert replay.eventsOf(STREAM).any { it.type == 'discussion.post_hidden' && it.post.id == t.postId }
        }
        !replay.frames.toString().contains('masquer absolument')
        !reader.get("/api/threads/${t.threadId}").text.contains('masquer absolument')

        and: "the author cannot put text back by editing it"
        live(author).command([type: 'discussion.edit_post', idempotencyKey: UUID.randomUUID().toString(), postId: t.postId,
                              body: 'retour'])?.problem?.type == '/problems/conflict'

        and: "the reporter is told, the action is audited, moderators still read the text"
        conditions.eventually {
            assert notifications(reporter).find { it.kind == 'moderation.report_hidden' && it.link.startsWith("/threads/${t.threadId}") }
        }
        admin.get("/api/admin/audit?action=moderation.hidden&target=${t.postId}").json.entries.size() == 1
        hidden.json.item.text == 'Le texte à masquer absolument, encore'

        cleanup:
        replay?.close()
    }

    def "dismissing leaves the post as it is, tells the reporter, and is audited"() {
        given:
        def reporter = member()
        def t = thread('Un message correct')
        def caseId = report(reporter, t.postId, 'other', 'Je ne suis pas d’accord').json.caseId

        when:
        def dismissed = secondFacilitator.post("/api/moderation/cases/${caseId}/dismiss")

        then:
        dismissed.status == 200
        dismissed.json.status == 'dismissed'
        queuedCase(t.postId) == null
        author.get("/api/threads/${t.threadId}").json.posts[1].body == 'Un message correct'
        conditions.eventually {
            assert notifications(reporter).find { it.kind == 'moderation.report_dismissed' }
        }
        admin.get("/api/admin/audit?action=moderation.dismissed&target=${t.postId}").json.entries.size() == 1

        when: "it can be reported again: a new case opens"
        def again = report(reporter, t.postId, 'spam')

        then:
        again.status == 201
        again.json.caseId != caseId
    }

    def "a moderator's edit marks the post as edited by moderation and takes the earlier text out of its history and replays"() {
        given:
        def reporter = member()
        def t = thread('Mon numéro est le 06 12 34 56 78')
        def caseId = report(reporter, t.postId, 'personal_data').json.caseId

        when:
        def edited = facilitator.post("/api/moderation/cases/${caseId}/edit", [text: 'Mon numéro est [retiré par la modération]'])

        then:
        edited.status == 200
        edited.json.status == 'edited'
        def post = reporter.get("/api/threads/${t.threadId}").json.posts[1]
        post.moderated
        post.body == 'Mon numéro est [retiré par la modération]'
        reporter.get("/api/posts/${t.postId}/history").json == []
        sql("SELECT count(*) AS n FROM stream_event WHERE stream_id LIKE 'theme:%' AND payload::text LIKE '%06 12 34 56 78%'")[0].n == 0
        conditions.eventually {
            assert notifications(reporter).find { it.kind == 'moderation.report_edited' }
        }
    }

    def "two moderators acting on the same case at once produce one outcome; the other gets 409"() {
        given:
        def t = thread('Un message contesté')
        def caseId = report(member(), t.postId).json.caseId
        def start = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(2)

        when:
        def futures = [[facilitator, 'hide'], [secondFacilitator, 'dismiss']].collect { who, action ->
            pool.submit({ start.await(); who.post("/api/moderation/cases/${caseId}/${action}") } as Callable)
        }
        start.countDown()
        def replies = futures*.get()

        then:
        replies*.status.sort() == [200, 409]
        replies.find { it.status == 409 }.problem
        replies.find { it.status == 409 }.json.detail.contains('already handled')
        def outcome = replies.find { it.status == 200 }.json.status
        sql('SELECT status FROM moderation_case WHERE id = ?', [UUID.fromString(caseId)])[0].status == outcome
        author.get("/api/threads/${t.threadId}").json.posts[1].hidden == (outcome == 'hidden')
        admin.get("/api/admin/audit?target=${t.postId}").json.entries.findAll { it.action.startsWith('moderation.') }.size() == 1

        cleanup:
        pool.shutdown()
    }

    def "a member can neither read the queue, nor subscribe to it, nor act on a case"() {
        given:
        def someone = member()
        def t = thread()
        def caseId = report(member(), t.postId).json.caseId
        def socket = LiveClient.connect(nodeA.baseUrl, someone)

        expect:
        someone.get('/api/moderation/cases').status == 403
        socket.answer(socket.subscribe('moderation')).problem.type == '/problems/not-found'
        ['dismiss', 'hide'].every { someone.post("/api/moderation/cases/${caseId}/${it}").status == 403 }
        someone.post("/api/moderation/cases/${caseId}/edit", [text: 'x']).status == 403
        someone.post("/api/moderation/cases/${caseId}/message", [text: 'x']).status == 403
        queuedCase(t.postId).status == 'open'

        cleanup:
        socket?.close()
    }

    def "a facilitator demoted to member loses the moderation stream"() {
        given:
        def email = "demoted-${UUID.randomUUID()}@example.org"
        def demoted = Accounts.invited(nodeA, admin, 'facilitator', email)
        def id = demoted.get('/api/me').json.id
        def socket = LiveClient.connect(nodeA.baseUrl, demoted)
        assert socket.answer(socket.subscribe('moderation')).type == 'ack'

        when:
        assert admin.patch("/api/admin/users/${id}", [role: 'member']).status == 200

        then:
        conditions.eventually {
            assert socket.frames.any { it.type == 'unsubscribed' && it.stream == 'moderation' && it.reason == 'access' }
        }
        demoted.get('/api/moderation/cases').status == 403

        cleanup:
        socket?.close()
    }

    def "a guest reports only what it can read"() {
        given:
        def guest = Accounts.invited(nodeA, admin, 'guest')
        def guestId = guest.get('/api/me').json.id
        def t = thread()

        expect: "not invited to the theme: the post does not exist for it"
        report(guest, t.postId).status == 404

        when:
        assert facilitator.send('PUT', "/api/themes/${THEME}/guests/${guestId}", null).status == 204

        then:
        report(guest, t.postId).status == 201
    }

    def "a post one cannot see cannot be reported: unknown, hidden"() {
        given:
        def t = thread()
        def caseId = report(member(), t.postId).json.caseId
        facilitator.post("/api/moderation/cases/${caseId}/hide")

        expect:
        report(member(), UUID.randomUUID()).status == 404
        report(member(), t.postId).status == 404
    }

    def "bad reports are refused with the field at fault: #what"() {
        given:
        def t = thread()

        when:
        def reply = member().post('/api/reports', [itemKind: kind, itemId: t.postId, reason: reason, text: text])

        then:
        reply.status == 400
        reply.problem
        reply.json.violations*.field.contains(field)
        sql('SELECT count(*) AS n FROM moderation_case WHERE item_id = ?', [UUID.fromString(t.postId)])[0].n == 0

        where:
        what                      | kind      | reason    | text          || field
        'an unknown reason'       | 'post'    | 'boring'  | null          || 'reason'
        'other without a text'    | 'post'    | 'other'   | '   '         || 'text'
        'a text that is too long' | 'post'    | 'spam'    | 'x' * 1001    || 'text'
        'an unknown kind of item' | 'picture' | 'spam'    | null          || 'itemKind'
    }

    def "reports are limited per person and hour, on every node"() {
        given:
        def email = "busy-${UUID.randomUUID()}@example.org"
        def onA = Accounts.invited(nodeA, admin, 'member', email)
        def onB = nodeB.client()
        assert onB.post('/api/session', [email: email, password: Accounts.PASSWORD]).status == 200
        def posts = (0..LIMIT).collect { thread().postId }

        when:
        def accepted = posts.take(LIMIT).withIndex().collect { p, i -> report(i % 2 ? onB : onA, p).status }
        def refused = report(onB, posts[LIMIT])

        then:
        accepted.every { it == 201 }
        refused.status == 429
        refused.problem
        refused.json.type == '/problems/too-many-attempts'
        sql('SELECT count(*) AS n FROM moderation_case WHERE item_id = ?', [UUID.fromString(posts[LIMIT])])[0].n == 0

        and: "repeating a report already made is still answered"
        report(onA, posts[0]).status == 200
    }

    def "a moderator writes privately to the author, who reads it in their notification centre"() {
        given:
        def t = thread()
        def caseId = report(member(), t.postId).json.caseId

        when:
        def sent = facilitator.post("/api/moderation/cases/${caseId}/message", [text: 'Merci de rester courtois.'])

        then:
        sent.status == 204
        conditions.eventually {
            def notice = notifications(author).find { it.kind == 'moderation.author_messaged' && it.data.message == 'Merci de rester courtois.' }
            assert notice
        }
        admin.get("/api/admin/audit?action=moderation.author_messaged&target=${t.postId}").json.entries.size() == 1
        queuedCase(t.postId).status == 'open'
        facilitator.post("/api/moderation/cases/${caseId}/message", [text: 'x' * 1001]).status == 400
    }

    def "only administrators deactivate the author of a reported post"() {
        given:
        def email = "troll-${UUID.randomUUID()}@example.org"
        def troll = Accounts.invited(nodeA, admin, 'member', email)
        def ack = LiveClient.connect(nodeA.baseUrl, troll).withCloseable {
            it.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                        theme: THEME, kind: 'discussion', title: 'Pub', body: 'Achetez !'])
        }
        def caseId = report(member(), ack.result.postId, 'spam').json.caseId

        expect:
        facilitator.post("/api/moderation/cases/${caseId}/deactivate-author").status == 403
        nodeA.client().post('/api/session', [email: email, password: Accounts.PASSWORD]).status == 200

        when:
        def done = admin.post("/api/moderation/cases/${caseId}/deactivate-author")

        then:
        done.status == 204
        nodeA.client().post('/api/session', [email: email, password: Accounts.PASSWORD]).status == 403
        admin.get("/api/admin/audit?action=moderation.author_deactivated").json.entries.size() == 1
    }

    static String idOf(ApiClient client) {
        client.get('/api/me').json.id
    }

    def "a document comment is reported by a member of its workspace only, and hidden everywhere its members read it"() {
        given:
        def reporter = member()
        def outsider = member()
        def ws = author.post('/api/workspaces', [name: 'Kit tiers-lieu', purpose: 'Écrire ensemble']).json
        assert author.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(reporter)}", null).status == 204
        def doc = author.post("/api/workspaces/${ws.id}/documents", [title: 'Modèle économique']).json
        def comment = author.post("/api/documents/${doc.id}/comments", [idempotencyKey: UUID.randomUUID().toString(),
                body: 'Un commentaire déplacé', quote: 'un passage', anchor: [start: 'AAUCAA==', end: 'AAUJAA==']])
        assert comment.status == 201: comment.toString()

        expect:
        outsider.post('/api/reports', [itemKind: 'comment', itemId: comment.json.id, reason: 'abusive']).status == 404

        when:
        def reported = reporter.post('/api/reports', [itemKind: 'comment', itemId: comment.json.id, reason: 'abusive'])
        def open = facilitator.get('/api/moderation/cases').json.cases.find { it.item.id == comment.json.id }
        def hidden = facilitator.post("/api/moderation/cases/${reported.json.caseId}/hide")

        then:
        reported.status == 201
        open.item.where == 'document'
        open.item.title == 'Modèle économique'
        open.item.link == "/documents/${doc.id}#comment-${comment.json.id}"
        open.item.text == 'Un commentaire déplacé'
        hidden.status == 200
        def listed = reporter.get("/api/documents/${doc.id}/comments").json.comments.find { it.id == comment.json.id }
        listed.hidden && listed.body == ''
        sql("SELECT count(*) AS n FROM stream_event WHERE stream_id = ? AND payload::text LIKE '%déplacé%'", ["workspace:${ws.id}".toString()])[0].n == 0
        sql("SELECT count(*) AS n FROM stream_event WHERE stream_id = ? AND type = 'workspace.comment_moderated'", ["workspace:${ws.id}".toString()])[0].n == 1
        conditions.eventually {
            assert notifications(reporter).find { it.kind == 'moderation.report_hidden' && it.data.title == 'Modèle économique' }
        }
    }

    def "a help message is reported by a participant of its conversation only, and edited by moderation"() {
        given:
        def requester = member()
        def pioneer = member()
        def outsider = member()
        assert pioneer.send('PUT', '/api/directory/me', [territoryCode: '53', metiers: [], competences: [[slug: 'mecenat', mode: 'can_help']],
                pioneer: true, availability: 'open', maxOpenRequests: 3, languages: ['fr'], showEmail: false]).status == 200
        assert facilitator.send('PUT', "/api/directory/people/${idOf(pioneer)}/pioneer", [confirmed: true]).status == 200
        def request = requester.post('/api/help', [idempotencyKey: UUID.randomUUID().toString(), title: 'Trouver un mécène',
                need: 'Nous cherchons un mécène.', competences: ['mecenat'], theme: 'entraide-et-accueil', urgency: 'high',
                preferredForm: 'call'])
        assert request.status == 201: request.toString()
        assert pioneer.post("/api/help/${request.json.id}/accept", [:]).status == 200
        def socket = LiveClient.connect(nodeA.baseUrl, pioneer)
        def sent = socket.command([type: 'help.post_message', idempotencyKey: UUID.randomUUID().toString(), helpRequestId: request.json.id,
                                   body: 'Appelez-moi au 06 99 88 77 66'])
        assert sent.type == 'ack': sent
        def messageId = sent.result.messageId

        expect:
        outsider.post('/api/reports', [itemKind: 'help_message', itemId: messageId, reason: 'personal_data']).status == 404

        when:
        def reported = requester.post('/api/reports', [itemKind: 'help_message', itemId: messageId, reason: 'personal_data'])
        def edited = facilitator.post("/api/moderation/cases/${reported.json.caseId}/edit", [text: 'Appelez-moi [numéro retiré]'])

        then:
        reported.status == 201
        edited.status == 200
        edited.json.item.where == 'help_request'
        def message = requester.get("/api/help/${request.json.id}").json.messages.find { it.id == messageId }
        message.moderated && message.body == 'Appelez-moi [numéro retiré]'
        sql("SELECT count(*) AS n FROM stream_event WHERE stream_id = ? AND payload::text LIKE '%06 99 88 77 66%'", ["help:${request.json.id}".toString()])[0].n == 0
        conditions.eventually {
            assert notifications(requester).find { it.kind == 'moderation.report_edited' && it.data.title == 'Trouver un mécène' }
        }

        cleanup:
        socket?.close()
    }

    def "a person mutes and unmutes another, for themselves only"() {
        given:
        def someone = member()
        def authorId = author.get('/api/me').json.id

        when:
        def muted = someone.send('PUT', "/api/me/mutes/${authorId}", null)
        def twice = someone.send('PUT', "/api/me/mutes/${authorId}", null)

        then:
        muted.status == 204
        twice.status == 204
        someone.get('/api/me/mutes').json*.id == [authorId]
        member().get('/api/me/mutes').json == []
        someone.send('PUT', "/api/me/mutes/${someone.get('/api/me').json.id}", null).status == 400
        someone.send('PUT', "/api/me/mutes/${UUID.randomUUID()}", null).status == 404

        when:
        def unmuted = someone.delete("/api/me/mutes/${authorId}")

        then:
        unmuted.status == 204
        someone.get('/api/me/mutes').json == []
    }
}
