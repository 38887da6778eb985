package fr.maillage.fault

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager

/**
 * PostgreSQL stops under a running node and comes back on the same port and data directory.
 * While it is away every command gets an error frame, never an ack; once it is back commands
 * are acknowledged again; what was acknowledged is stored, what got an error is not.
 */
class DatabaseRestartSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'

    @Shared
    Path dataDir = Files.createTempDirectory('maillage-db-restart')
    @Shared
    int port = TestApp.freePort()
    @Shared
    EmbeddedPostgres postgres = startPostgres()
    @Shared
    String url = "jdbc:postgresql://localhost:${port}/maillage".toString()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(database: url, properties: [
            'maillage.database.user'                   : 'postgres',
            'maillage.database.password'               : '',
            // fail fast while the database is away instead of holding the command for 30 s
            'datasources.default.connection-timeout'   : 2000,
            'datasources.default.validation-timeout'   : 1000])
    @Shared
    def admin = Accounts.administrator(app)
    List<LiveClient> clients = []

    EmbeddedPostgres startPostgres() {
        def pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start()
        pg.postgresDatabase.connection.withCloseable { c ->
            def rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'maillage'")
            if (!rs.next()) {
                c.createStatement().execute('CREATE DATABASE maillage')
            }
        }
        pg
    }

    def cleanupSpec() {
        app?.close()
        postgres?.close()
        dataDir?.toFile()?.deleteDir()
    }

    def cleanup() {
        clients*.close()
    }

    Map reply(LiveClient writer, String threadId, String body) {
        writer.answer(writer.send([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: threadId, body: body]), 15_000)
    }

    Map<String, String> storedPosts() {
        DriverManager.getConnection(url, 'postgres', '').withCloseable { c ->
            def rs = c.createStatement().executeQuery('SELECT id::text, body FROM discussion_post')
            Map<String, String> posts = [:]
            while (rs.next()) {
                posts[rs.getString(1)] = rs.getString(2)
            }
            posts
        }
    }

    def "commands fail cleanly while PostgreSQL is down, succeed once it is back, and only acked ones are stored"() {
        given: "a writer and a reader connected to the node"
        def writer = LiveClient.connect(app.baseUrl, admin)
        def reader = LiveClient.connect(app.baseUrl, admin)
        clients << writer << reader
        def thread = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                     theme: 'vie-du-reseau', kind: 'discussion', title: 'La base tombe', body: 'avant'])
        assert thread.type == 'ack'
        assert reader.answer(reader.subscribe(STREAM, thread.seq as long)).type == 'ack'
        def before = reply(writer, thread.result.threadId, 'avant la panne')
        assert before.type == 'ack'

        when: "PostgreSQL stops and the writer keeps sending"
        postgres.close()
        Map<String, Map> answers = [:]
        (1..4).each { n ->
            String body = "pendant la panne ${n}"
            answers[body] = reply(writer, thread.result.threadId, body)
        }

        then: "every command gets an error frame, never an ack, and the socket stays open"
        answers.values()*.type == ['error'] * 4
        answers.values().every { it.problem.status >= 500 }
        writer.command([type: 'ping']).type == 'pong'
        writer.closeCode == null

        when: "PostgreSQL comes back on the same port and directory"
        postgres = startPostgres()
        Map firstAck = null
        int tries = 0
        long deadline = System.currentTimeMillis() + 30_000
        while (firstAck == null && System.currentTimeMillis() < deadline) {
            String body = "reprise ${++tries}"
            def answer = reply(writer, thread.result.threadId, body)
            answers[body] = answer
            if (answer.type == 'ack') {
                firstAck = answer
            } else {
                Thread.sleep(200)
            }
        }
        def steady = (1..3).collect { n ->
            String body = "après la panne ${n}"
            answers[body] = reply(writer, thread.result.threadId, body)
        }

        then: "commands are acknowledged again, at once and from then on"
        firstAck != null
        steady*.type == ['ack'] * 3
        answers.values().every { it.type in ['ack', 'error'] }

        and: "nothing acknowledged is missing and nothing that got an error is stored"
        def stored = storedPosts()
        def acked = answers.findAll { it.value.type == 'ack' }
        def failed = answers.findAll { it.value.type == 'error' }
        acked.every { body, ack -> stored[ack.result.postId as String] == body }
        failed.keySet().every { body -> !stored.containsValue(body) }
        stored.containsKey(before.result.postId as String)

        and: "the stream has no hole: the sequences of the acks follow the one before the outage"
        acked.values()*.seq.collect { it as long }.sort() == ((before.seq as long) + 1..(before.seq as long) + acked.size()).toList()

        and: "the reader subscribed through the outage ends with exactly the stream"
        new PollingConditions(timeout: 10).eventually { assert reader.lastSeq[STREAM] == steady.last().seq }
        reader.anomalies.isEmpty()
        reader.eventsOf(STREAM)*.post*.body == ['avant la panne'] + acked.keySet().findAll { it != 'avant la panne' }.toList()
    }
}
