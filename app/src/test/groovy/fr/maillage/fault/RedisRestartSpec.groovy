package fr.maillage.fault

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.PrivateRedis
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * Redis dies under two nodes and comes back. PostgreSQL is the truth: writes keep being
 * acknowledged and the writer's own node keeps delivering; once Redis is back the other
 * node's reader heals to exactly the stored stream, with no gap and no duplicate.
 */
class RedisRestartSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'

    @Shared
    @AutoCleanup
    PrivateRedis redis = new PrivateRedis().start()
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    Map redisProperties = ['redis.uri': redis.uri, 'maillage.redis.uri': redis.uri,
                           // a sync Redis call (presence) must not hold a thread for a minute while Redis is away
                           'redis.timeout': '2s']
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a', properties: redisProperties)
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', database: nodeA.databaseUrl, properties: redisProperties)
    @Shared
    def admin = Accounts.administrator(nodeA)
    @Shared
    def member = Accounts.invited(nodeA, admin, 'member')
    List<LiveClient> clients = []

    def cleanup() {
        clients*.close()
    }

    LiveClient live(TestApp node, def who) {
        def c = LiveClient.connect(node.baseUrl, who)
        clients << c
        c
    }

    long committedSeq() {
        nodeA.bean(TransactionOperations).executeRead {
            nodeA.bean(JdbcOperations).prepareStatement('SELECT last_seq FROM stream WHERE id = ?') { ps ->
                ps.setString(1, STREAM); def rs = ps.executeQuery(); rs.next(); rs.getLong(1)
            }
        } as long
    }

    Map reply(LiveClient writer, String threadId, String body) {
        writer.command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: threadId, body: body])
    }

    def "writes survive a Redis crash and the other node's reader heals to exactly the stream"() {
        given: "a writer on A, a reader on A and a reader on B, all subscribed"
        def writer = live(nodeA, admin)
        def localReader = live(nodeA, member)
        def remoteReader = live(nodeB, member)
        def thread = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                     theme: 'vie-du-reseau', kind: 'discussion', title: 'Redis tombe', body: 'avant'])
        assert thread.type == 'ack'
        long start = thread.seq as long
        assert localReader.answer(localReader.subscribe(STREAM, start)).type == 'ack'
        assert remoteReader.answer(remoteReader.subscribe(STREAM, start)).type == 'ack'
        def first = reply(writer, thread.result.threadId, 'avant la panne')
        new PollingConditions(timeout: 10).eventually { assert remoteReader.lastSeq[STREAM] == first.seq }

        when: "Redis is killed and the writer keeps posting"
        redis.kill()
        def during = (1..5).collect { reply(writer, thread.result.threadId, "pendant la panne ${it}") }

        then: "every command is acknowledged, with the next sequences, and A's own reader gets them live"
        during*.type == ['ack'] * 5
        during*.seq == ((first.seq as long) + 1..(first.seq as long) + 5).toList()
        new PollingConditions(timeout: 10).eventually { assert localReader.lastSeq[STREAM] == during.last().seq }
        localReader.anomalies.isEmpty()

        when: "Redis comes back on the same port, and the writer posts until B's reader has caught up"
        redis.start()
        List<Map> after = []
        long deadline = System.currentTimeMillis() + 30_000
        while (System.currentTimeMillis() < deadline) {
            def ack = reply(writer, thread.result.threadId, "après la panne ${after.size() + 1}")
            assert ack.type == 'ack'
            after << ack
            long waitUntil = System.currentTimeMillis() + 1_000
            while (remoteReader.lastSeq[STREAM] != ack.seq && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(20)
            }
            if (remoteReader.lastSeq[STREAM] == ack.seq) {
                break
            }
        }
        long last = committedSeq()

        then: "B's reader holds exactly the stream: every sequence once, in order"
        after.last().seq == last
        remoteReader.lastSeq[STREAM] == last
        remoteReader.anomalies.isEmpty()
        remoteReader.eventsOf(STREAM).size() == last - start
        remoteReader.eventsOf(STREAM).findAll { it.type == 'discussion.post_created' }*.post*.body ==
                ['avant la panne'] + (1..5).collect { "pendant la panne ${it}".toString() } + (1..after.size()).collect { "après la panne ${it}".toString() }

        and: "the cross-node path is live again, not just a one-off catch-up"
        def more = reply(writer, thread.result.threadId, 'encore une')
        new PollingConditions(timeout: 5).eventually { assert remoteReader.lastSeq[STREAM] == more.seq }
        localReader.lastSeq[STREAM] == more.seq || new PollingConditions(timeout: 5).eventually { assert localReader.lastSeq[STREAM] == more.seq }
        remoteReader.anomalies.isEmpty()
        localReader.anomalies.isEmpty()
    }
}
