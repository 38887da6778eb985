package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

import static fr.maillage.workspace.WorkspaceFixtures.idOf

/**
 * Comments on a passage of a document: who may add, list, resolve and reopen them, their
 * events on the workspace's stream, the input refused before anything is written, idempotent
 * retries and concurrent resolutions.
 */
class CommentSpec extends Specification {
    static final int MAX_BODY = 200
    static final int MAX_QUOTE = 50
    static final int MAX_ANCHOR = 16
    static final int MAX_PER_DOCUMENT = 4

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: [
            'maillage.workspace.comments.max-body-chars'  : MAX_BODY,
            'maillage.workspace.comments.max-quote-chars' : MAX_QUOTE,
            'maillage.workspace.comments.max-anchor-bytes': MAX_ANCHOR,
            'maillage.workspace.comments.max-per-document': MAX_PER_DOCUMENT])
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient ana = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient bruno = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient outsider = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient guest = Accounts.invited(app, admin, 'guest')
    def conditions = new PollingConditions(timeout: 10)

    /** Y.encodeRelativePosition of an item id (client 5, clock n), assoc 0: the real encoding. */
    static String position(int clock) {
        b64([0, 5, clock, 0])
    }

    static final Map ANCHOR = [start: position(2), end: position(9)]

    static String b64(List<Integer> bytes) {
        Base64.encoder.encodeToString(bytes.collect { it as byte } as byte[])
    }

    Map workspace(ApiClient owner = ana, List<ApiClient> members = [bruno]) {
        def reply = owner.post('/api/workspaces', [name: 'Kit tiers-lieu', purpose: 'Écrire ensemble'])
        assert reply.status == 201: reply.toString()
        members.each { assert owner.send('PUT', "/api/workspaces/${reply.json.id}/members/${idOf(it)}", null).status == 204 }
        reply.json as Map
    }

    Map document(Map ws, ApiClient author = ana) {
        def reply = author.post("/api/workspaces/${ws.id}/documents", [title: 'Modèle économique'])
        assert reply.status == 201: reply.toString()
        reply.json as Map
    }

    ApiClient.Reply comment(ApiClient who, Map doc, Map fields = [:]) {
        who.post("/api/documents/${doc.id}/comments",
                [idempotencyKey: UUID.randomUUID().toString(), body: 'À préciser', quote: 'un modèle hybride', anchor: ANCHOR] + fields)
    }

    long rows(Map doc) {
        def jdbc = app.bean(JdbcOperations)
        app.bean(TransactionOperations).executeRead { status ->
            jdbc.prepareStatement('SELECT count(*) FROM workspace_comment WHERE document_id = ?') { ps ->
                ps.setObject(1, UUID.fromString(doc.id as String))
                def rs = ps.executeQuery()
                rs.next()
                rs.getLong(1)
            }
        } as long
    }

    List<String> eventTypes(Map ws) {
        def jdbc = app.bean(JdbcOperations)
        app.bean(TransactionOperations).executeRead { status ->
            jdbc.prepareStatement('SELECT type FROM stream_event WHERE stream_id = ? ORDER BY seq') { ps ->
                ps.setString(1, ws.stream as String)
                def rs = ps.executeQuery()
                def types = []
                while (rs.next()) {
                    types << rs.getString(1)
                }
                types
            }
        } as List<String>
    }

    def "a member comments a passage; another member sees it live, resolves it and reopens it"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def reader = LiveClient.connect(app.baseUrl, bruno)
        def before = bruno.get("/api/documents/${doc.id}/comments").json
        assert reader.answer(reader.subscribe(before.stream as String, before.seq as long)).type == 'ack'

        when:
        def added = comment(ana, doc, [body: '  Quel public vise-t-on ?  '])

        then:
        added.status == 201
        added.json.body == 'Quel public vise-t-on ?'
        added.json.quote == 'un modèle hybride'
        added.json.anchor == ANCHOR
        added.json.author.id == idOf(ana).toString()
        added.json.documentId == doc.id
        added.json.parentId == null
        added.json.resolvedAt == null
        before.stream == ws.stream
        before.comments == []
        conditions.eventually {
            def event = reader.eventsOf(ws.stream as String).find { it.type == 'workspace.comment_added' }
            assert event.documentId == doc.id
            assert event.comment.id == added.json.id
            assert event.comment.anchor == ANCHOR
        }
        bruno.get("/api/documents/${doc.id}/comments").json.comments*.id == [added.json.id]

        when:
        def resolved = bruno.post("/api/documents/${doc.id}/comments/${added.json.id}/resolve")

        then:
        resolved.status == 200
        resolved.json.resolvedBy.id == idOf(bruno).toString()
        resolved.json.resolvedAt != null
        conditions.eventually {
            assert reader.eventsOf(ws.stream as String).find { it.type == 'workspace.comment_resolved' }?.comment?.resolvedBy?.id == idOf(bruno).toString()
        }
        ana.get("/api/documents/${doc.id}/comments").json.comments[0].resolvedAt != null

        when:
        def reopened = ana.post("/api/documents/${doc.id}/comments/${added.json.id}/reopen")

        then:
        reopened.status == 200
        reopened.json.resolvedBy == null && reopened.json.resolvedAt == null
        conditions.eventually {
            assert reader.eventsOf(ws.stream as String)*.type.containsAll(['workspace.comment_added', 'workspace.comment_resolved', 'workspace.comment_reopened'])
        }
        reader.eventsOf(ws.stream as String).find { it.type == 'workspace.comment_reopened' }.comment.resolvedAt == null
        reader.anomalies.isEmpty()

        when: "reopening an open comment changes nothing"
        def again = ana.post("/api/documents/${doc.id}/comments/${added.json.id}/reopen")

        then:
        again.status == 200
        eventTypes(ws).count { it == 'workspace.comment_reopened' } == 1

        cleanup:
        reader?.close()
    }

    def "a retry with the same idempotency key creates one comment and one event"() {
        given:
        def ws = workspace()
        def doc = document(ws)

        when:
        def first = comment(ana, doc, [idempotencyKey: 'comment-key-1'])
        def second = comment(ana, doc, [idempotencyKey: 'comment-key-1'])

        then:
        first.status == 201
        second.status == 201
        second.json.id == first.json.id
        rows(doc) == 1
        eventTypes(ws).count { it == 'workspace.comment_added' } == 1
    }

    def "an idempotency key already used for another command is a conflict, and nothing is written"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def live = LiveClient.connect(app.baseUrl, ana)
        def update = live.command([type: 'workspace.update', idempotencyKey: 'shared-key', documentId: doc.id,
                                   update: WorkspaceSpec.b64(WorkspaceSpec.bigString(5))])
        assert update.type == 'ack'

        when:
        def reply = comment(ana, doc, [idempotencyKey: 'shared-key'])

        then:
        reply.status == 409
        reply.problem
        reply.json.type == '/problems/idempotency-key-reused'
        rows(doc) == 0
        !eventTypes(ws).contains('workspace.comment_added')

        cleanup:
        live?.close()
    }

    def "two concurrent resolutions give one resolution event"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def id = comment(ana, doc).json.id
        def pool = Executors.newFixedThreadPool(2)
        def go = new CountDownLatch(1)

        when:
        def futures = [ana, bruno].collect { who ->
            pool.submit({
                go.await()
                who.post("/api/documents/${doc.id}/comments/${id}/resolve")
            } as java.util.concurrent.Callable)
        }
        go.countDown()
        def replies = futures*.get(30, TimeUnit.SECONDS)

        then:
        replies*.status == [200, 200]
        replies*.json*.resolvedBy*.id.toSet().size() == 1
        eventTypes(ws).count { it == 'workspace.comment_resolved' } == 1

        cleanup:
        pool?.shutdownNow()
    }

    def "a non-member can neither list, add, resolve nor reopen comments, and nothing is written"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def id = comment(ana, doc).json.id
        def events = eventTypes(ws)

        expect:
        outsider.get("/api/documents/${doc.id}/comments").status == 404
        comment(outsider, doc).status == 404
        outsider.post("/api/documents/${doc.id}/comments/${id}/resolve").status == 404
        outsider.post("/api/documents/${doc.id}/comments/${id}/reopen").status == 404
        outsider.get("/api/documents/${doc.id}/comments").problem
        rows(doc) == 1
        eventTypes(ws) == events
        ana.get("/api/documents/${doc.id}/comments").json.comments[0].resolvedAt == null
    }

    def "a guest comments and resolves in the workspace they were invited to, and nowhere else"() {
        given:
        def invited = workspace(ana, [guest])
        def other = workspace(ana, [bruno])
        def open = document(invited)
        def closed = document(other)

        when:
        def mine = comment(guest, open)
        def elsewhere = comment(guest, closed)

        then:
        mine.status == 201
        mine.json.author.role == 'guest'
        guest.post("/api/documents/${open.id}/comments/${mine.json.id}/resolve").status == 200
        elsewhere.status == 404
        guest.get("/api/documents/${closed.id}/comments").status == 404
        rows(closed) == 0
    }

    def "a comment with #what is refused (#field) and nothing is written"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def parent = comment(ana, doc).json
        def reply = comment(ana, doc, [parentId: parent.id, quote: null, anchor: null]).json
        def events = eventTypes(ws)
        Map resolvedFields = fields.collectEntries { k, v -> [k, v instanceof Closure ? v.call(parent, reply) : v] }

        when:
        def answer = comment(ana, doc, resolvedFields)

        then:
        answer.status == 400
        answer.problem
        answer.json.violations*.field.contains(field)
        rows(doc) == 2
        eventTypes(ws) == events

        where:
        what                        | fields                                                              || field
        'an empty body'             | [body: '']                                                          || 'body'
        'a blank body'              | [body: '  \n ']                                                     || 'body'
        'a body too long'           | [body: 'é' * (MAX_BODY + 1)]                                        || 'body'
        'a NUL in the body'         | [body: 'avant\u0000après']                                          || 'body'
        'no body'                   | [body: null]                                                        || 'body'
        'a quote too long'          | [quote: 'q' * (MAX_QUOTE + 1)]                                      || 'quote'
        'a NUL in the quote'        | [quote: 'un\u0000passage']                                          || 'quote'
        'an anchor not in base64'   | [anchor: [start: 'pas du base64 !', end: position(3)]]              || 'anchor.start'
        'an anchor too large'       | [anchor: [start: position(1), end: b64([1, 20] + [0x61] * 20)]]     || 'anchor.end'
        'an unknown position kind'  | [anchor: [start: b64([7, 1, 1]), end: position(3)]]                 || 'anchor.start'
        'a truncated position'      | [anchor: [start: b64([0, 0x85]), end: position(3)]]                 || 'anchor.start'
        'bytes after the position'  | [anchor: [start: position(1), end: b64([0, 5, 3, 0, 9])]]           || 'anchor.end'
        'an empty anchor'           | [anchor: [start: '', end: position(3)]]                             || 'anchor.start'
        'no passage'                | [anchor: null]                                                      || 'anchor'
        'no quote'                  | [quote: null]                                                       || 'quote'
        'a reply with a passage'    | [parentId: { p, r -> p.id }]                                        || 'parentId'
        'a reply to a reply'        | [parentId: { p, r -> r.id }, quote: null, anchor: null]             || 'parentId'
        'a reply to nothing'        | [parentId: UUID.randomUUID().toString(), quote: null, anchor: null] || 'parentId'
    }

    def "a real relative position of the root text type is accepted"() {
        given: "kind 1: the root type's name ('t'), as Yjs encodes a position at the end of an empty text"
        def ws = workspace()
        def doc = document(ws)

        expect:
        comment(ana, doc, [anchor: [start: b64([1, 1, 0x74, 0]), end: b64([1, 1, 0x74])]]).status == 201
    }

    def "a reply notifies the thread's author, and joins the thread unresolvable on its own"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def thread = comment(ana, doc).json

        when:
        def reply = comment(bruno, doc, [parentId: thread.id, quote: null, anchor: null, body: 'Les collectivités'])
        def own = comment(ana, doc, [parentId: thread.id, quote: null, anchor: null, body: 'Merci'])

        then:
        reply.status == 201
        reply.json.parentId == thread.id
        reply.json.quote == null && reply.json.anchor == null
        own.status == 201
        def notices = ana.get('/api/notifications').json.items.findAll { it.kind == 'workspace.comment_replied' && it.link == "/documents/${doc.id}" }
        notices.size() == 1
        notices[0].data.title == 'Modèle économique'
        bruno.get('/api/notifications').json.items.findAll { it.kind == 'workspace.comment_replied' && it.link == "/documents/${doc.id}" }.isEmpty()
        bruno.post("/api/documents/${doc.id}/comments/${reply.json.id}/resolve").status == 409
        ana.get("/api/documents/${doc.id}/comments").json.comments*.id == [thread.id, reply.json.id, own.json.id]
    }

    def "a document holds a limited number of comments"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        MAX_PER_DOCUMENT.times { assert comment(ana, doc).status == 201 }

        when:
        def over = comment(ana, doc)

        then:
        over.status == 409
        over.problem
        rows(doc) == MAX_PER_DOCUMENT
    }

    def "a comment on an unknown document, or resolving an unknown comment, is not found"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def other = document(ws)
        def id = comment(ana, other).json.id

        expect:
        comment(ana, [id: UUID.randomUUID().toString()]).status == 404
        ana.post("/api/documents/${doc.id}/comments/${UUID.randomUUID()}/resolve").status == 404
        ana.post("/api/documents/${doc.id}/comments/${id}/resolve").status == 404
    }
}
