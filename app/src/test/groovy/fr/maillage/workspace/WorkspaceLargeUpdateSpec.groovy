package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static fr.maillage.workspace.WorkspaceFixtures.idOf

/**
 * An update larger than one socket frame (a long paste, a long offline session) goes over HTTP
 * in parts and is stored like any other; over its own limit, malformed, or from a non-member,
 * it is refused and the document is unchanged.
 */
class WorkspaceLargeUpdateSpec extends Specification {
    static final int MAX_UPDATE = 512
    static final int MAX_LARGE = 12_000

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: [
            'maillage.workspace.max-update-bytes'      : MAX_UPDATE,
            'maillage.workspace.max-large-update-bytes': MAX_LARGE])
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
}
