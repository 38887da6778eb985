package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions
import fr.maillage.support.Rows

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

import static fr.maillage.workspace.WorkspaceFixtures.idOf

/**
 * An update larger than one socket frame (a long paste, a long offline session) goes over HTTP
 * in parts and is stored like any other; over its own limit, malformed, or from a non-member,
 * it is refused and the document is unchanged.
 */
class WorkspaceLargeUpdateSpec extends Specification {
    static final int MAX_UPDATE = 512
    static final int MAX_LARGE = 12_000
    static final int MAX_OPEN = 3

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: [
            'maillage.workspace.max-update-bytes'      : MAX_UPDATE,
            'maillage.workspace.max-large-update-bytes': MAX_LARGE,
            'maillage.workspace.max-open-uploads-per-person': MAX_OPEN])
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient ana = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient bruno = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient outsider = Accounts.invited(app, admin, 'member')
    /** Three typed characters, then one paste of 6,000 characters: a single update of about 6 KB. */
    @Shared
    Map pasted = YjsScripts.run('generate', [count: 3, seed: 4, pasteChars: 6000])
    @Shared
    Map tooBig = YjsScripts.run('generate', [count: 1, seed: 4, pasteChars: 20_000])
    def conditions = new PollingConditions(timeout: 10)

    Map document() {
        def ws = ana.post('/api/workspaces', [name: 'Kit', purpose: 'Coller un long texte']).json
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(bruno)}", null)
        ana.post("/api/workspaces/${ws.id}/documents", [title: 'Annexe']).json as Map
    }

    /** The update's bytes cut in slices of at most {@code size}, each in base64. */
    static List<String> slices(String update, int size) {
        byte[] bytes = update.decodeBase64()
        (0..<((bytes.length + size - 1).intdiv(size))).collect { i ->
            Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size)).encodeBase64().toString()
        }
    }

    List sendInParts(ApiClient client, Map doc, String update, String key, String uploadId, int size = 2500) {
        def parts = slices(update, size)
        parts.withIndex().collect { slice, i ->
            client.post("/api/documents/${doc.id}/updates", [idempotencyKey: key, update: slice, uploadId: uploadId, part: i + 1, parts: parts.size()])
        }
    }

    def "a paste too large for a frame is sent over HTTP in parts, stored once and relayed"() {
        given:
        def doc = document()
        def writer = LiveClient.connect(app.baseUrl, ana)
        def reader = LiveClient.connect(app.baseUrl, bruno)
        assert reader.answer(reader.subscribe(doc.stream as String, 0)).type == 'ack'
        String paste = pasted.updates.last()
        assert paste.decodeBase64().length > MAX_UPDATE

        expect: "the typed updates go on the socket; the paste does not fit a frame"
        pasted.updates[0..2].every { writer.command([type: 'workspace.update', idempotencyKey: UUID.randomUUID().toString(), documentId: doc.id, update: it]).type == 'ack' }
        writer.command([type: 'workspace.update', idempotencyKey: 'paste-socket', documentId: doc.id, update: paste]).problem.type == '/problems/payload-too-large'

        when:
        def replies = sendInParts(ana, doc, paste, 'paste-key-1', 'upload-paste-1')

        then:
        replies.size() == 3
        replies[0..1].every { it.status == 202 && !it.json.complete }
        replies[2].status == 201 && replies[2].json.complete && replies[2].json.seq == 4
        conditions.eventually {
            assert reader.eventsOf(doc.stream as String)*.update.last() == paste
        }
        def loaded = YjsScripts.run('load', [urls: [app.baseUrl], cookie: YjsScripts.cookies(bruno), documentId: doc.id])
        loaded.text == pasted.text
        loaded.stateVector == pasted.stateVector

        when: "the last part is repeated (its answer was lost)"
        def again = sendInParts(ana, doc, paste, 'paste-key-1', 'upload-paste-1').last()

        then:
        again.status == 201 && again.json.seq == 4
        ana.get("/api/documents/${doc.id}/state").json.updates.size() == 4

        cleanup:
        writer?.close()
        reader?.close()
    }

    def "one body is enough for an update under the body limit"() {
        given:
        def doc = document()
        def reply = ana.post("/api/documents/${doc.id}/updates", [idempotencyKey: 'one-body-key', update: pasted.updates[0]])

        expect:
        reply.status == 201 && reply.json.seq == 1
    }

    def "#why is refused and the document is unchanged"() {
        given:
        def doc = document()
        ApiClient client = who == 'outsider' ? outsider : ana
        String update = kind == 'too big' ? tooBig.updates.last() : kind == 'garbage' ? ('A' * 4000).bytes.encodeBase64().toString() : pasted.updates[0]

        when:
        def last = sendInParts(client, doc, update, "key-${why.hashCode()}", "upload-${why.hashCode()}", 4000).last()

        then:
        last.status == status
        last.problem
        ana.get("/api/documents/${doc.id}/state").json.updates == []

        where:
        why                                | kind      | who        || status
        'an update over the HTTP limit'    | 'too big' | 'ana'      || 413
        'bytes that are not a Yjs update'  | 'garbage' | 'ana'      || 400
        'a non-member'                     | 'fine'    | 'outsider' || 404
    }

    Map part(ApiClient client, Map doc, String uploadId, int part, int parts, String update = pasted.updates.last(), String key = null) {
        def slices = slices(update, (update.decodeBase64().length + parts - 1).intdiv(parts))
        def reply = client.post("/api/documents/${doc.id}/updates", [idempotencyKey: key ?: "key-${uploadId}", update: slices[part - 1],
                                                                      uploadId: uploadId, part: part, parts: parts])
        [status: reply.status, json: reply.json, problem: reply.problem]
    }

    void write(String statement, Object... params) {
        def jdbc = app.bean(io.micronaut.data.jdbc.runtime.JdbcOperations)
        app.bean(io.micronaut.transaction.TransactionOperations).executeWrite { status ->
            jdbc.prepareStatement(statement) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                ps.executeUpdate()
            }
        }
    }

    long partsOf(ApiClient client, String uploadId) {
        Rows.count(app, 'SELECT count(*) FROM workspace_snapshot_part WHERE created_by = ?::uuid AND upload_id = ?', idOf(client), uploadId)
    }

    def "an upload id is its uploader's: someone else using it gets 404 and cannot touch it"() {
        given:
        def doc = document()
        assert part(ana, doc, 'upload-owned-1', 1, 3).status == 202

        when: "Bruno, a member of the same document, sends parts under Ana's upload id"
        def first = part(bruno, doc, 'upload-owned-1', 1, 3, pasted.updates[0], 'bruno-key')
        def second = part(bruno, doc, 'upload-owned-1', 2, 3, pasted.updates[0], 'bruno-key')

        then:
        first.status == 404 && first.problem
        second.status == 404
        partsOf(bruno, 'upload-owned-1') == 0
        partsOf(ana, 'upload-owned-1') == 1

        when: "Ana finishes her upload"
        def two = part(ana, doc, 'upload-owned-1', 2, 3)
        def three = part(ana, doc, 'upload-owned-1', 3, 3)

        then: "her update is the one stored, whole"
        two.status == 202
        three.status == 201 && three.json.complete
        ana.get("/api/documents/${doc.id}/state").json.updates*.update == [pasted.updates.last()]
        partsOf(ana, 'upload-owned-1') == 0

        and: "the same id for another document is not hers to reuse either while parts wait"
        def other = document()
        part(ana, doc, 'upload-owned-2', 1, 2).status == 202
        part(ana, other, 'upload-owned-2', 1, 2).status == 404
    }

    def "at most #max unfinished uploads per person: the next is refused with 409, finishing one frees a place"() {
        given:
        def carol = Accounts.invited(app, admin, 'member')
        def doc = document()
        ana.send('PUT', "/api/workspaces/${doc.workspaceId}/members/${idOf(carol)}", null)

        when:
        def opened = (1..max).collect { part(carol, doc, "carol-open-${it}", 1, 2).status }
        def refused = part(carol, doc, 'carol-open-extra', 1, 2)

        then:
        opened == [202] * max
        refused.status == 409
        refused.json.type == '/problems/conflict'
        refused.json.detail.contains("${max}")
        partsOf(carol, 'carol-open-extra') == 0

        and: "an open upload still takes its next part, and someone else is not limited by Carol's"
        part(carol, doc, 'carol-open-1', 2, 2).status == 201
        part(bruno, doc, 'bruno-open-1', 1, 2, pasted.updates[0], 'bruno-open-key').status == 202

        when: "one finished, there is room again"
        def again = part(carol, doc, 'carol-open-extra', 1, 2)

        then:
        again.status == 202

        where:
        max = MAX_OPEN
    }

    def "#tries uploads started at once by one person: exactly the limit is let through"() {
        given:
        def dan = Accounts.invited(app, admin, 'member')
        def doc = document()
        ana.send('PUT', "/api/workspaces/${doc.workspaceId}/members/${idOf(dan)}", null)
        def gate = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(tries)

        when:
        def futures = (1..tries).collect { n -> pool.submit({ gate.await(); part(dan, doc, "dan-race-${n}", 1, 2).status } as Callable) }
        gate.countDown()
        def statuses = futures*.get()

        then:
        statuses.count { it == 202 } == MAX_OPEN
        statuses.count { it == 409 } == tries - MAX_OPEN
        Rows.count(app, 'SELECT count(DISTINCT upload_id) FROM workspace_snapshot_part WHERE created_by = ?::uuid', idOf(dan)) == MAX_OPEN

        cleanup:
        pool?.shutdown()

        where:
        tries = 6
    }

    def "parts left unfinished for a day are swept by the cluster job, once per interval; fresh parts stay"() {
        given:
        def erin = Accounts.invited(app, admin, 'member')
        def doc = document()
        ana.send('PUT', "/api/workspaces/${doc.workspaceId}/members/${idOf(erin)}", null)
        (1..MAX_OPEN).each { assert part(erin, doc, "erin-old-${it}", 1, 2).status == 202 }
        assert part(erin, doc, 'erin-blocked', 1, 2).status == 409
        // the parts were left 25 hours ago
        write("UPDATE workspace_snapshot_part SET created_at = created_at - interval '25 hours' WHERE created_by = ?::uuid", idOf(erin))
        assert part(ana, doc, 'ana-fresh', 1, 2).status == 202

        when:
        def sweep = app.bean(WorkspacePartSweep)
        write("DELETE FROM scheduled_job_run WHERE name = 'workspace-upload-part-sweep'")
        int swept = sweep.run()
        int again = sweep.run()

        then:
        swept >= MAX_OPEN
        again == -1
        Rows.count(app, 'SELECT count(*) FROM workspace_snapshot_part WHERE created_by = ?::uuid', idOf(erin)) == 0
        partsOf(ana, 'ana-fresh') == 1

        and: "Erin may start an upload again"
        part(erin, doc, 'erin-blocked', 1, 2).status == 202
    }
}
