package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

import static fr.maillage.workspace.WorkspaceFixtures.idOf

/**
 * Named versions: a name on a point of a document's history, read back with the real Yjs
 * library as the document was then (before and after compaction); who may name and read them,
 * bad names, the limit under concurrent requests, and the live event.
 */
class WorkspaceVersionSpec extends Specification {
    static final int MAX_VERSIONS = 3

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: ['maillage.workspace.max-versions-per-document': MAX_VERSIONS])
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient ana = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient outsider = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient guest = Accounts.invited(app, admin, 'guest')
    /** 40 updates by one Yjs client; the first 20 make the same text as a 20-update run of the same seed. */
    @Shared
    Map typed = YjsScripts.run('generate', [count: 40, seed: 3])
    @Shared
    Map firstHalf = YjsScripts.run('generate', [count: 20, seed: 3])
    def conditions = new PollingConditions(timeout: 10)

    Map workspace() {
        def ws = ana.post('/api/workspaces', [name: 'Kit de démarrage', purpose: 'Versions']).json as Map
        ana.send('PUT', "/api/workspaces/${ws.id}/members/${idOf(guest)}", null)
        ws
    }

    Map document(Map ws = workspace()) {
        ana.post("/api/workspaces/${ws.id}/documents", [title: 'Guide']).json as Map
    }

    void store(Map doc, List updates) {
        WorkspaceFixtures.store(app, ana, doc, updates)
    }

    Map load(Map doc, String path = null) {
        YjsScripts.run('load', [urls: [app.baseUrl], cookie: YjsScripts.cookies(ana), documentId: doc.id, path: path])
    }

    def "a version names the document as it stood; later edits and compaction leave it readable"() {
        given:
        def doc = document()
        store(doc, typed.updates[0..19])
        def reader = LiveClient.connect(app.baseUrl, outsider)
        def member = LiveClient.connect(app.baseUrl, guest)
        assert member.answer(member.subscribe(doc.stream as String, 20)).type == 'ack'

        when:
        def named = ana.post("/api/documents/${doc.id}/versions", [name: '  Avant la relecture  '])
        store(doc, typed.updates[20..39])

        then:
        named.status == 201
        named.json.name == 'Avant la relecture'
        named.json.uptoSeq == 20
        named.json.createdByName
        conditions.eventually {
            def event = member.eventsOf(doc.stream as String).find { it.type == 'workspace.version_created' }
            assert event?.version?.id == named.json.id && event.version.uptoSeq == 20
        }

        and: "the version reads as the first 20 updates, the document as all 40"
        def path = "/api/documents/${doc.id}/versions/${named.json.id}/state"
        load(doc, path).text == firstHalf.text
        load(doc).text == typed.text
        firstHalf.text != typed.text

        when: "the document is compacted past the version, and a second version is named after it"
        def compacted = YjsScripts.run('compact', [urls: [app.baseUrl], cookie: YjsScripts.cookies(ana), csrf: ana.cookie('maillage_csrf'), documentId: doc.id])
        def later = guest.post("/api/documents/${doc.id}/versions", [name: 'Version finale'])

        then:
        compacted.status == 201
        later.status == 201
        load(doc, path).text == firstHalf.text
        def atLater = load(doc, "/api/documents/${doc.id}/versions/${later.json.id}/state")
        atLater.text == typed.text
        atLater.snapshot == 41
        ana.get("/api/documents/${doc.id}/versions").json.versions*.name == ['Version finale', 'Avant la relecture']

        and: "someone outside the workspace learns nothing"
        outsider.get("/api/documents/${doc.id}/versions").status == 404
        outsider.get(path).status == 404
        outsider.post("/api/documents/${doc.id}/versions", [name: 'x']).status == 404
        reader.answer(reader.subscribe(doc.stream as String, 0)).problem.type == '/problems/not-found'

        cleanup:
        reader?.close()
        member?.close()
    }

    def "a version of another document is not found"() {
        given:
        def doc = document()
        def other = document()
        def named = ana.post("/api/documents/${doc.id}/versions", [name: 'Une'])

        expect:
        ana.get("/api/documents/${other.id}/versions/${named.json.id}/state").status == 404
        ana.get("/api/documents/${doc.id}/versions/${UUID.randomUUID()}/state").status == 404
        ana.get("/api/documents/${doc.id}/versions/${named.json.id}/state").json.updates == []
    }

    def "a bad name is refused and names nothing: #why"() {
        given:
        def doc = document()

        when:
        def reply = ana.post("/api/documents/${doc.id}/versions", body)

        then:
        reply.status == 400
        reply.problem
        ana.get("/api/documents/${doc.id}/versions").json.versions == []

        where:
        why             | body
        'empty'         | [name: '   ']
        'missing'       | [:]
        'too long'      | [name: 'x' * 121]
        'a NUL'         | [name: 'avant\u0000après']
        'a short key'   | [name: 'ok', idempotencyKey: 'k']
    }

    def "a repeated request names one version; concurrent requests never pass the limit"() {
        given:
        def doc = document()

        when:
        def first = ana.post("/api/documents/${doc.id}/versions", [name: 'Relue', idempotencyKey: 'version-key-1'])
        def again = ana.post("/api/documents/${doc.id}/versions", [name: 'Relue', idempotencyKey: 'version-key-1'])

        then:
        first.status == 201 && again.status == 201
        again.json.id == first.json.id
        ana.get("/api/documents/${doc.id}/versions").json.versions.size() == 1

        when: "six people name a version at once with room for two more"
        def pool = Executors.newFixedThreadPool(6)
        def start = new CountDownLatch(1)
        def statuses = (1..6).collect { i ->
            pool.submit({ start.await(); ana.post("/api/documents/${doc.id}/versions", [name: "Essai ${i}"]).status } as Callable<Integer>)
        }
        start.countDown()
        def results = statuses*.get()
        pool.shutdown()

        then:
        results.count { it == 201 } == MAX_VERSIONS - 1
        results.count { it == 409 } == 6 - (MAX_VERSIONS - 1)
        with(ana.get("/api/documents/${doc.id}/versions").json) {
            versions.size() == MAX_VERSIONS
            versions*.uptoSeq as Set == [0L, 1L, 2L] as Set
            seq == 3
        }
    }
}
