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

import static fr.maillage.workspace.WorkspaceFixtures.idOf

/**
 * Workspaces on one node: who sees and writes what (HTTP and stream subscribe), documents
 * written with real Yjs updates, and the updates that must be refused without touching the
 * stored document.
 */
class WorkspaceSpec extends Specification {
    static final int MAX_UPDATE = 512
    static final int MAX_DOCUMENT = 4096

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: [
            'maillage.workspace.max-update-bytes'           : MAX_UPDATE,
            'maillage.workspace.max-document-bytes'         : MAX_DOCUMENT,
            'maillage.workspace.max-documents-per-workspace': 3])
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
    /** Real updates typed by one Yjs client, in order, and the text they make. */
    @Shared
    Map typed = YjsScripts.run('generate', [count: 40, seed: 11])
    def conditions = new PollingConditions(timeout: 10)

    Map workspace(ApiClient owner = ana) {
        def reply = owner.post('/api/workspaces', [name: 'Modèles économiques', purpose: 'Écrire ensemble le kit'])
        assert reply.status == 201: reply.toString()
        reply.json as Map
    }

    Map document(Map ws, ApiClient author = ana) {
        def reply = author.post("/api/workspaces/${ws.id}/documents", [title: 'Kit tiers-lieu'])
        assert reply.status == 201: reply.toString()
        reply.json as Map
    }

    Map update(LiveClient live, Map doc, String update, String key = UUID.randomUUID().toString()) {
        live.command([type: 'workspace.update', idempotencyKey: key, documentId: doc.id, update: update])
    }

    List<Map> storedRows(Map doc) {
        def jdbc = app.bean(JdbcOperations)
        app.bean(TransactionOperations).executeRead { status ->
            jdbc.prepareStatement('SELECT seq, encode(payload, \'base64\') FROM workspace_update WHERE document_id = ? ORDER BY seq') { ps ->
                ps.setObject(1, UUID.fromString(doc.id as String))
                def rs = ps.executeQuery()
                def rows = []
                while (rs.next()) {
                    rows << [seq: rs.getLong(1), update: rs.getString(2).replaceAll('\\s', '')]
                }
                rows
            }
        } as List<Map>
    }

    def "a member creates a workspace, invites a guest who is notified and then sees only that workspace"() {
        given:
        def ws = workspace()
        def other = workspace(bruno)

        when:
        def invited = ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(guest)}", null)

        then:
        invited.status == 204
        guest.get('/api/workspaces').json*.id == [ws.id]
        guest.get("/api/workspaces/${ws.id}").json.members*.role.contains('guest')
        guest.get("/api/workspaces/${other.id}").status == 404
        guest.get('/api/notifications').json.items.find { it.kind == 'workspace.invited' && it.link == "/workspaces/${ws.id}" && it.data.workspace == 'Modèles économiques' }
        ana.get("/api/workspaces/${ws.id}").json.members.size() == 2

        when: "inviting twice changes nothing"
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(guest)}", null)

        then:
        guest.get('/api/notifications').json.items.count { it.link == "/workspaces/${ws.id}" } == 1
    }

    def "#who may not #what"() {
        given:
        def ws = workspace()
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(guest)}", null)
        Map clients = [guest: guest, outsider: outsider]

        when:
        def reply = clients[who].send(method, path.replace('WS', ws.id as String).replace('ME', idOf(bruno).toString()), body)

        then:
        reply.status == status
        reply.problem

        where:
        who        | what                          | method | path                          | body                          || status
        'guest'    | 'create a workspace'          | 'POST' | '/api/workspaces'             | [name: 'x', purpose: 'y']     || 403
        'guest'    | 'invite someone'              | 'PUT'  | '/api/workspaces/WS/members/ME' | null                        || 403
        'outsider' | 'read a workspace'            | 'GET'  | '/api/workspaces/WS'          | null                          || 404
        'outsider' | 'add a document'              | 'POST' | '/api/workspaces/WS/documents' | [title: 'x']                 || 404
        'outsider' | 'invite themself'             | 'PUT'  | '/api/workspaces/WS/members/ME' | null                        || 404
    }

    def "a removed member loses the document's stream at once and can no longer write"() {
        given:
        def ws = workspace()
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(guest)}", null)
        def doc = document(ws)
        def live = LiveClient.connect(app.baseUrl, guest)
        assert live.answer(live.subscribe(doc.stream as String, 0)).type == 'ack'

        when:
        def removed = ana.delete("/api/workspaces/${ws.id}/members/${idOf(guest)}")

        then:
        removed.status == 204
        conditions.eventually {
            assert live.frames.find { it.type == 'unsubscribed' && it.stream == doc.stream }
        }
        update(live, doc, typed.updates[0] as String).problem.type == '/problems/not-found'
        guest.get("/api/workspaces/${ws.id}").status == 404
        storedRows(doc).isEmpty()

        cleanup:
        live?.close()
    }

    def "a guest may leave a workspace but not remove anyone else"() {
        given:
        def ws = workspace()
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(guest)}", null)

        expect:
        guest.delete("/api/workspaces/${ws.id}/members/${idOf(ana)}").status == 403
        guest.delete("/api/workspaces/${ws.id}/members/${idOf(guest)}").status == 204
        guest.get("/api/workspaces/${ws.id}").status == 404
    }

    def "the creation of a workspace is validated"() {
        expect:
        ana.post('/api/workspaces', [name: '', purpose: 'x']).status == 400
        ana.post('/api/workspaces', [name: 'x', purpose: 'y', theme: 'no-such-theme']).json.violations*.field == ['theme']
        ana.post('/api/workspaces', [name: 'x', purpose: 'y', theme: 'vie-du-reseau']).json.theme == 'vie-du-reseau'
    }

    def "a workspace holds a limited number of documents"() {
        given:
        def ws = workspace()
        3.times { document(ws) }

        expect:
        ana.post("/api/workspaces/${ws.id}/documents", [title: 'one too many']).status == 409
    }

    def "an update is stored with its sequence, acknowledged and sent to the other members, once"() {
        given:
        def ws = workspace()
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(bruno)}", null)
        def doc = document(ws)
        def writer = LiveClient.connect(app.baseUrl, ana)
        def reader = LiveClient.connect(app.baseUrl, bruno)
        assert reader.answer(reader.subscribe(doc.stream as String, 0)).type == 'ack'
        assert reader.answer(reader.subscribe(ws.stream as String, 0)).type == 'ack'

        when:
        def first = update(writer, doc, typed.updates[0] as String, 'key-1')
        def again = update(writer, doc, typed.updates[0] as String, 'key-1')
        def second = update(writer, doc, typed.updates[1] as String)

        then:
        first.type == 'ack' && first.seq == 1
        again.type == 'ack' && again.seq == 1
        second.seq == 2
        storedRows(doc)*.seq == [1, 2]
        storedRows(doc)*.update == typed.updates[0..1]
        conditions.eventually {
            assert reader.eventsOf(doc.stream as String)*.update == typed.updates[0..1]
        }
        reader.eventsOf(doc.stream as String).every { it.type == 'workspace.document_updated' && it.documentId == doc.id }
        reader.eventsOf(ws.stream as String)*.type.containsAll(['workspace.member_added', 'workspace.document_created'])

        and: "a fresh loader gets both from the state"
        def state = bruno.get("/api/documents/${doc.id}/state").json
        state.seq == 2
        state.snapshot == null
        state.updates*.update == typed.updates[0..1]

        cleanup:
        writer?.close()
        reader?.close()
    }

    def "a non-member can neither subscribe to a document nor write to it, and it stays unchanged"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def writer = LiveClient.connect(app.baseUrl, ana)
        update(writer, doc, typed.updates[0] as String)
        def intruder = LiveClient.connect(app.baseUrl, outsider)

        when:
        def subscribed = intruder.answer(intruder.subscribe(doc.stream as String, 0))
        def written = update(intruder, doc, typed.updates[1] as String)
        def awareness = intruder.command([type: 'workspace.awareness', documentId: doc.id, state: 'AAA='])

        then:
        subscribed.type == 'error' && subscribed.problem.type == '/problems/not-found'
        written.type == 'error' && written.problem.type == '/problems/not-found'
        awareness.type == 'error' && awareness.problem.type == '/problems/not-found'
        outsider.get("/api/documents/${doc.id}/state").status == 404
        storedRows(doc)*.update == [typed.updates[0]]

        cleanup:
        writer?.close()
        intruder?.close()
    }

    def "a #kind update is refused with #problem and the stored document is unchanged"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def writer = LiveClient.connect(app.baseUrl, ana)
        update(writer, doc, typed.updates[0] as String)
        def before = storedRows(doc)

        when:
        def answer = update(writer, doc, payload.call(typed.updates))

        then:
        answer.type == 'error'
        answer.problem.type == problem
        storedRows(doc) == before
        ana.get("/api/documents/${doc.id}/state").json.seq == 1

        cleanup:
        writer?.close()

        where:
        kind                  | payload                                                              || problem
        'non-base64'          | { u -> 'not base64 at all!' }                                        || '/problems/validation'
        'truncated'           | { u -> cut(u[1], 1) }                                                || '/problems/validation'
        'trailing-garbage'    | { u -> grow(u[1], [7]) }                                             || '/problems/validation'
        'random-bytes'        | { u -> b64([0x05, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]) } || '/problems/validation'
        'unknown-content'     | { u -> b64([1, 1, 5, 0, 0x1f, 0]) }                                  || '/problems/validation'
        'invalid-JSON'        | { u -> b64([1, 1, 5, 0, 2, 1, 1, 0x78, 1, 4, 0x7b, 0x62, 0x61, 0x64, 0]) } || '/problems/validation'
        'invalid-UTF-8'       | { u -> b64([1, 1, 5, 0, 4, 1, 1, 0x78, 2, 0xc3, 0x28, 0]) }          || '/problems/validation'
        'empty'               | { u -> b64([0, 0]) }                                                 || '/problems/validation'
        'oversized'           | { u -> b64(oversized()) }                                            || '/problems/payload-too-large'
    }

    def "a document stops growing at its size limit"() {
        given:
        def ws = workspace()
        def doc = document(ws)
        def writer = LiveClient.connect(app.baseUrl, ana)
        def big = b64(bigString(400))

        when:
        def answers = (1..12).collect { update(writer, doc, big) }

        then:
        answers.findAll { it.type == 'ack' }.size() == Math.floor(MAX_DOCUMENT / b64decode(big).length)
        answers.last().problem.type == '/problems/payload-too-large'
        storedRows(doc).size() == answers.count { it.type == 'ack' }

        cleanup:
        writer?.close()
    }

    def "awareness is relayed to the document's readers and never stored"() {
        given:
        def ws = workspace()
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(bruno)}", null)
        def doc = document(ws)
        def writer = LiveClient.connect(app.baseUrl, ana)
        def reader = LiveClient.connect(app.baseUrl, bruno)
        assert reader.answer(reader.subscribe(doc.stream as String, 0)).type == 'ack'

        when:
        def answer = writer.command([type: 'workspace.awareness', documentId: doc.id, state: 'AQIDBA=='])

        then:
        answer.type == 'ack' && answer.seq == null
        conditions.eventually {
            assert reader.frames.find { it.type == 'workspace.awareness' && it.state == 'AQIDBA==' && it.userId == idOf(ana).toString() }
        }
        ana.get("/api/documents/${doc.id}/state").json.seq == 0

        cleanup:
        writer?.close()
        reader?.close()
    }

    static String b64(List<Integer> bytes) {
        Base64.encoder.encodeToString(bytes.collect { it as byte } as byte[])
    }

    static byte[] b64decode(String text) {
        Base64.decoder.decode(text)
    }

    static String cut(String update, int n) {
        byte[] bytes = b64decode(update)
        Base64.encoder.encodeToString(Arrays.copyOf(bytes, bytes.length - n))
    }

    static String grow(String update, List<Integer> extra) {
        b64(b64decode(update).collect { it & 0xff } + extra)
    }

    /** A well-formed update: client 5 inserts a string of n ASCII characters at the root "t". */
    static List<Integer> bigString(int n) {
        List<Integer> bytes = [1, 1, 5, 0, 4, 1, 1, 0x74]
        bytes += varUint(n)
        bytes += (1..n).collect { 0x61 }
        bytes + [0]
    }

    static List<Integer> oversized() {
        bigString(MAX_UPDATE + 10)
    }

    static List<Integer> varUint(int n) {
        List<Integer> out = []
        while (n >= 0x80) {
            out << ((n & 0x7f) | 0x80)
            n >>>= 7
        }
        out << n
        out
    }
}
