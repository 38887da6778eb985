package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.ChildNode
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.Specification

/**
 * Several headless clients on the real yjs package edit one document at random through two
 * nodes sharing PostgreSQL and Redis, dropping their sockets at random (and editing while
 * offline). At the end every client and a fresh loader hold the same document, and every
 * acknowledged update is stored with its sequence; also when a node is killed mid-edit (a
 * separate process, SIGKILL) and then every node restarts.
 */
class WorkspaceConvergenceSpec extends Specification {
    static final int CLIENTS = 4

    List<TestApp> nodes = []
    List<ChildNode> children = []

    def cleanup() {
        nodes.each { it.close() }
        children.each { it.close() }
    }

    Map prepare(TestApp node) {
        def admin = Accounts.administrator(node)
        def people = (1..CLIENTS).collect { Accounts.invited(node, admin, it % 2 ? 'member' : 'guest') }
        def owner = people.find { it.get('/api/session').json.user.role == 'member' }
        def ws = owner.post('/api/workspaces', [name: 'Kit', purpose: 'Écrire ensemble']).json
        people.findAll { it != owner }.each {
            assert owner.send('PUT', "/api/workspaces/${ws.id}/members/${it.get('/api/session').json.user.id}", null).status == 204
        }
        def doc = owner.post("/api/workspaces/${ws.id}/documents", [title: 'Modèle économique']).json
        [people: people, doc: doc]
    }

    List<Long> storedSeqs(TestApp node, String documentId) {
        def jdbc = node.bean(JdbcOperations)
        node.bean(TransactionOperations).executeRead { status ->
            jdbc.prepareStatement('SELECT seq FROM workspace_update WHERE document_id = ? ORDER BY seq') { ps ->
                ps.setObject(1, UUID.fromString(documentId))
                def rs = ps.executeQuery()
                def seqs = []
                while (rs.next()) {
                    seqs << rs.getLong(1)
                }
                seqs
            }
        } as List<Long>
    }

    void assertConverged(Map result) {
        assert result.clients.size() == CLIENTS
        result.clients.each { c ->
            assert c.anomalies == []: "${c.name}: ${c.anomalies}"
            assert c.text == result.fresh.text: "${c.name} differs"
            assert c.stateVector == result.fresh.stateVector
        }
        assert result.fresh.text.length() > 100
    }

    def "clients on two nodes with random disconnects converge, and a fresh loader agrees (seed #seed)"() {
        given:
        String prefix = TestServices.uniquePrefix()
        def a = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'ws-a')
        def b = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'ws-b', database: a.databaseUrl)
        nodes.addAll([a, b])
        def setup = prepare(a)

        when:
        def result = YjsScripts.run('run', [
                urls          : [a.baseUrl, b.baseUrl],
                clients       : setup.people.collect { [cookie: YjsScripts.cookies(it as ApiClient)] },
                documentId    : setup.doc.id,
                seconds       : 8,
                seed          : seed,
                disconnectRate: 0.04])

        then:
        assertConverged(result)
        def acked = result.clients.collectMany { it.acked*.seq }.collect { it as long }
        acked.size() > 50
        acked.toSet().size() == acked.size()
        storedSeqs(a, setup.doc.id as String).containsAll(acked)
        println "convergence seed=${seed}: ${acked.size()} acknowledged updates, ${result.fresh.text.length()} characters"

        where:
        seed << [1, 42]
    }

    def "a node killed mid-edit (SIGKILL) and a full restart lose no acknowledged edit"() {
        given: "node A in this JVM, node B a separate process"
        String prefix = TestServices.uniquePrefix()
        def a = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'ws-a')
        nodes << a
        def b = ChildNode.start(a.databaseUrl, prefix, 'ws-b')
        children << b
        def setup = prepare(a)
        List<String> cookies = setup.people.collect { YjsScripts.cookies(it as ApiClient) }
        Map result = [:]

        when: "the clients edit through both nodes and node B is killed after 3 s"
        def running = YjsScripts.start('run', [
                urls          : [b.baseUrl, a.baseUrl],
                clients       : cookies.collect { [cookie: it] },
                documentId    : setup.doc.id,
                seconds       : 8,
                seed          : 7,
                disconnectRate: 0.01], result)
        Thread.sleep(3000)
        assert b.kill()
        running.join()

        then: "they converge on node A"
        result.failure == null
        assertConverged(result)

        when: "every node stops, and a new one opens the document from PostgreSQL"
        a.close()
        def c = TestApp.start(database: a.databaseUrl, nodeId: 'ws-c')
        nodes << c
        def reopened = YjsScripts.run('load', [urls: [c.baseUrl], cookie: cookies[0], documentId: setup.doc.id])

        then: "it holds exactly what the clients hold, and every acknowledged update is stored"
        reopened.text == result.fresh.text
        reopened.stateVector == result.fresh.stateVector
        def acked = result.clients.collectMany { it.acked*.seq }.collect { it as long }
        storedSeqs(c, setup.doc.id as String).containsAll(acked)
        println "restart: ${acked.size()} acknowledged updates survived; reopened ${reopened.updates} updates in ${reopened.totalMillis} ms"
    }
}
