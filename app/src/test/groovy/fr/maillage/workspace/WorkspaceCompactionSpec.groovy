package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import static fr.maillage.workspace.WorkspaceFixtures.idOf

/**
 * Compaction: a writer's client sends Y.encodeStateAsUpdate covering the updates up to a
 * sequence; the server keeps it only when it holds every struct and deletion of those updates.
 * Opening then reads the snapshot and the tail. Also measures opening a 10,000-update document.
 */
class WorkspaceCompactionSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient ana = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient outsider = Accounts.invited(app, admin, 'member')
    @Shared
    Map typed = YjsScripts.run('generate', [count: 60, seed: 5])

    Map document() {
        def ws = ana.post('/api/workspaces', [name: 'Bonnes pratiques', purpose: 'Compacter']).json
        ana.post("/api/workspaces/${ws.id}/documents", [title: 'Guide']).json as Map
    }

    void store(Map doc, List updates) {
        WorkspaceFixtures.store(app, ana, doc, updates)
    }

    Map config(Map doc, Map extra = [:]) {
        [urls: [app.baseUrl], cookie: YjsScripts.cookies(ana), csrf: ana.cookie('maillage_csrf'), documentId: doc.id] + extra
    }

    def "a snapshot that does not hold every update up to its sequence is refused and changes nothing"() {
        given:
        def doc = document()
        store(doc, typed.updates[0..29])

        when:
        def partial = ana.post("/api/documents/${doc.id}/snapshots", [uptoSeq: 30, state: typed.updates[0]])
        def beyond = ana.post("/api/documents/${doc.id}/snapshots", [uptoSeq: 31, state: typed.updates[0]])
        def garbage = ana.post("/api/documents/${doc.id}/snapshots", [uptoSeq: 1, state: 'AQID'])
        def stranger = outsider.post("/api/documents/${doc.id}/snapshots", [uptoSeq: 1, state: typed.updates[0]])
        def half = ana.post("/api/documents/${doc.id}/snapshots", [uptoSeq: 30, state: typed.updates[0], uploadId: 'upload-1', part: 1, parts: 2])

        then:
        partial.status == 400 && partial.json.violations*.field == ['state']
        beyond.status == 400 && beyond.json.violations*.field == ['uptoSeq']
        garbage.status == 400
        stranger.status == 404
        [partial, beyond, garbage, stranger].every { it.problem }
        half.status == 202 && !half.json.complete
        with(ana.get("/api/documents/${doc.id}/state").json) {
            snapshot == null
            updates.size() == 30
        }
    }

    def "a covering snapshot is kept; opening reads it and the updates after it"() {
        given:
        def doc = document()
        store(doc, typed.updates[0..39])

        when:
        def compacted = YjsScripts.run('compact', config(doc))

        then:
        compacted.status == 201

        when: "more is written after the snapshot"
        store(doc, typed.updates[40..59])
        def opened = YjsScripts.run('load', config(doc))

        then:
        opened.snapshot == 40
        opened.updates == 20
        opened.text == typed.text
        opened.stateVector == typed.stateVector

        and: "an older or equal snapshot is a conflict"
        ana.post("/api/documents/${doc.id}/snapshots", [uptoSeq: 40, state: typed.updates[0]]).status == 409

        and: "the raw updates stay for history"
        ana.get("/api/documents/${doc.id}/state").json.document.updateCount == 60
    }

    def "a document of 10,000 updates opens quickly after compaction"() {
        given:
        Map many = YjsScripts.run('generate', [count: 10_000, seed: 9])
        def doc = document()
        long started = System.nanoTime()
        store(doc, many.updates)
        long storedMillis = (System.nanoTime() - started).intdiv(1_000_000)

        when:
        def before = YjsScripts.run('load', config(doc))
        def compacted = YjsScripts.run('compact', config(doc))
        def after = YjsScripts.run('load', config(doc))
        def afterAgain = YjsScripts.run('load', config(doc))

        then:
        before.updates == 10_000 && before.text == many.text
        compacted.status == 201
        compacted.parts > 1
        after.snapshot == 10_000 && after.updates == 0
        after.text == many.text && after.stateVector == many.stateVector
        println "snapshot: ${compacted.bytes} bytes in ${compacted.parts} parts"
        println "10,000 updates stored through the service in ${storedMillis} ms"
        println "open without snapshot: ${before.totalMillis} ms (fetch ${before.fetchMillis} ms, apply ${before.applyMillis} ms)"
        println "open after compaction: ${after.totalMillis} ms (fetch ${after.fetchMillis} ms, apply ${after.applyMillis} ms); again ${afterAgain.totalMillis} ms"
    }
}
