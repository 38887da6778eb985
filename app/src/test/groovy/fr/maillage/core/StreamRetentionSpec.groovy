package fr.maillage.core

import fr.maillage.core.stream.StreamEventPurge
import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Duration

/**
 * Stored events too far behind their stream to be replayed (a client that far behind gets
 * resync) are purged once old enough, by one node per interval; what can still be replayed is
 * kept and replayed as before.
 */
class StreamRetentionSpec extends Specification {
    static final int MAX_REPLAY = 3
    static final String STREAM = 'theme:vie-du-reseau'
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: ['maillage.live.max-replay': MAX_REPLAY,
                                                           'maillage.stream.min-age'  : '1d',
                                                           'maillage.stream.purge-interval': '1h'])
    @Shared
    ApiClient admin = Accounts.administrator(app)
    List<LiveClient> sockets = []
    def conditions = new PollingConditions(timeout: 10)

    def cleanup() {
        sockets*.close()
    }

    LiveClient socket() {
        def socket = LiveClient.connect(app.baseUrl, admin)
        sockets << socket
        socket
    }

    long stored(String stream) {
        Rows.count(app, 'SELECT count(*) FROM stream_event WHERE stream_id = ?', stream)
    }

    long lowest(String stream) {
        Rows.count(app, 'SELECT min(seq) FROM stream_event WHERE stream_id = ?', stream)
    }

    def "events beyond the replay window are purged once old enough, once per interval across nodes; the window still replays"() {
        given: 'a thread and five replies: six events on the theme stream'
        def purge = app.bean(StreamEventPurge)
        def writer = socket()
        def thread = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(), theme: 'vie-du-reseau',
                                     kind: 'discussion', title: 'Un fil qui dure', body: 'Bonjour'])
        assert thread.type == 'ack'
        5.times {
            assert writer.command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(),
                                   threadId: thread.result.threadId, body: "Réponse ${it}"]).type == 'ack'
        }
        long last = Rows.count(app, 'SELECT last_seq FROM stream WHERE id = ?', STREAM)
        long before = stored(STREAM)
        assert before == last

        when: 'they are younger than the minimum age'
        clock.advance(Duration.ofHours(2))
        int young = purge.run()

        then: 'nothing goes'
        young == 0
        stored(STREAM) == before

        when: 'they are old enough: one node purges, a second run within the interval does nothing'
        clock.advance(Duration.ofDays(1))
        int first = purge.run()
        int second = purge.run()

        then: 'only the last max-replay events of the stream are kept'
        first >= last - MAX_REPLAY  // other streams may hold purgeable events too
        second == -1
        stored(STREAM) == MAX_REPLAY
        lowest(STREAM) == last - MAX_REPLAY + 1

        when: 'a client within the window resumes, and one behind it resumes'
        def within = socket()
        def behind = socket()
        within.subscribe(STREAM, last - MAX_REPLAY)
        behind.subscribe(STREAM, last - MAX_REPLAY - 1)

        then: 'the first is replayed every event it missed; the second gets resync, as before'
        conditions.eventually {
            assert within.eventsOf(STREAM).size() == MAX_REPLAY
            assert within.lastSeq[STREAM] == last
            assert behind.frames.find { it.type == 'resync' && it.stream == STREAM }?.seq == last
        }
        within.anomalies.isEmpty()
    }
}
