package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.nio.file.Files
import java.nio.file.Path

/**
 * Two nodes sharing PostgreSQL, Redis and the files directory (as infra/compose.yaml does):
 * a file uploaded through one is downloaded through the other, and the other node's
 * subscribers hear of it.
 */
class WorkspaceFilesTwoNodeSpec extends Specification {
    @Shared
    Path dataDir = Files.createTempDirectory('maillage-files-two-nodes')
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a', properties: ['maillage.data-dir': dataDir.toString()])
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', database: nodeA.databaseUrl,
            properties: ['maillage.data-dir': dataDir.toString()])
    @Shared
    ApiClient admin = Accounts.administrator(nodeA)
    @Shared
    ApiClient ana = Accounts.invited(nodeA, admin, 'member')
    @Shared
    ApiClient bruno = Accounts.invited(nodeA, admin, 'member')

    def cleanupSpec() {
        dataDir?.toFile()?.deleteDir()
    }

    def "a file uploaded through one node is announced and downloaded through the other"() {
        given:
        def ws = ana.post('/api/workspaces', [name: 'Deux nœuds', purpose: 'Partager']).json
        def brunoId = bruno.get('/api/session').json.user.id
        assert ana.send('PUT', "/api/workspaces/${ws.id}/members/${brunoId}", null).status == 204
        def brunoOnB = bruno.switchTo(nodeB.baseUrl)
        def reader = LiveClient.connect(nodeB.baseUrl, brunoOnB)
        long seq = brunoOnB.get("/api/workspaces/${ws.id}/files").json.seq as long
        assert reader.answer(reader.subscribe(ws.stream as String, seq)).type == 'ack'
        byte[] bytes = WorkspaceFilesSpec.pdf(80_000, 42)

        when:
        def file = WorkspaceFilesSpec.uploaded(ana, ws.id, 'partagé.pdf', bytes)

        then:
        new PollingConditions(timeout: 10).eventually {
            assert reader.eventsOf(ws.stream as String)*.type == ['workspace.file_added']
        }
        reader.eventsOf(ws.stream as String)[0].file.sha256 == WorkspaceFilesSpec.sha256(bytes)
        def fetched = WorkspaceFilesSpec.download(brunoOnB, file.url as String)
        fetched.statusCode() == 200
        fetched.body() == bytes

        cleanup:
        reader?.close()
    }
}
