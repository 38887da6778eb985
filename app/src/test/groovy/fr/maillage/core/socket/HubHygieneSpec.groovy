package fr.maillage.core.socket

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.util.concurrent.ThreadPoolExecutor

/** The hub keeps only what is followed, refuses ambiguous stream owners, and runs on the fast path. */
class HubHygieneSpec extends Specification {
    @Shared
    @AutoCleanup
    // Channels are forgotten as soon as nobody follows them; small pools, to see the settings applied.
    TestApp app = TestApp.start(properties: ['maillage.live.channel-idle': '0s', 'maillage.live.socket-workers': '3',
                                             'maillage.live.socket-openers': '2', 'maillage.live.hub-threads': '5'])
    PollingConditions conditions = new PollingConditions(timeout: 10)

    static List<String> titles(LiveClient client, String stream) {
        client.eventsOf(stream).findAll { it.type == 'discussion.thread_created' }.collect { it.thread.title as String }
    }

    static StreamAccess owner(String... prefixes) {
        new StreamAccess() {
            List<String> prefixes() { prefixes as List }
            boolean canRead(UUID userId, String stream) { true }
        }
    }

    def "owners whose stream prefixes overlap are refused, naming both"() {
        when:
        StreamAccess.requireDisjoint([owner('theme:'), owner('person:'), owner('theme:vie')])

        then:
        def e = thrown(IllegalStateException)
        e.message.contains('"theme:"')
        e.message.contains('"theme:vie"')
    }

    def "disjoint owners pass, even when one name is the start of another's without its separator"() {
        when:
        StreamAccess.requireDisjoint([owner('workspace:', 'workspace-doc:'), owner('moderation'), owner('theme:')])

        then:
        noExceptionThrown()
    }

    def "the application's own stream owners are disjoint and each owns its streams"() {
        given:
        List<StreamAccess> owners = app.context.getBeansOfType(StreamAccess) as List

        expect:
        owners.size() >= 8
        StreamAccess.requireDisjoint(owners) == null
        owners.count { it.owns('theme:vie-du-reseau') } == 1
        owners.count { it.owns('workspace-doc:' + UUID.randomUUID()) } == 1
    }

    def "sockets write through Netty's event loops (the fast path), not the slow fallback"() {
        given:
        def socket = LiveClient.connect(app.baseUrl, Accounts.administrator(app))
        Hub hub = app.bean(Hub)

        expect:
        conditions.eventually {
            assert hub.connectedSockets() >= 1
        }
        hub.peers.values().every { it.writer != null }

        cleanup:
        socket?.close()
    }

    def "the socket and hub thread pools take their sizes from the settings"() {
        given:
        LiveSocket live = app.bean(LiveSocket)
        Hub hub = app.bean(Hub)

        expect:
        (live.workers as ThreadPoolExecutor).corePoolSize == 3
        (live.openers as ThreadPoolExecutor).corePoolSize == 2
        (hub.pool as ThreadPoolExecutor).corePoolSize == 5
    }

    def "a channel nobody follows is forgotten, and following its stream again misses nothing"() {
        given:
        def admin = Accounts.administrator(app)
        Hub hub = app.bean(Hub)
        def writer = LiveClient.connect(app.baseUrl, admin)
        def reader = LiveClient.connect(app.baseUrl, admin)
        String stream = 'theme:vie-du-reseau'
        assert reader.command([type: 'subscribe', streams: [[stream: stream]]]).type == 'ack'
        def first = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                    theme: 'vie-du-reseau', kind: 'discussion', title: 'Avant l’oubli', body: 'un'])
        conditions.eventually {
            assert titles(reader, stream).contains('Avant l’oubli')
        }

        when: 'the reader stops following: the next sweep forgets the channel'
        assert reader.command([type: 'unsubscribe', streams: [stream]]).type == 'ack'
        conditions.eventually {
            hub.dropIdleChannels()
            assert !hub.channels.containsKey(stream)
        }
        def missed = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                     theme: 'vie-du-reseau', kind: 'discussion', title: 'Pendant l’oubli', body: 'deux'])

        and: 'it follows again from where it was'
        reader.subscribe(stream, first.seq as Long)
        def after = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                    theme: 'vie-du-reseau', kind: 'discussion', title: 'Après l’oubli', body: 'trois'])

        then: 'the event of the forgotten time is replayed, the next one arrives live, each once'
        missed.type == 'ack'
        conditions.eventually {
            def seen = titles(reader, stream)
            assert seen.contains('Pendant l’oubli')
            assert seen.contains('Après l’oubli')
            assert seen.size() == seen.toSet().size()
        }
        reader.anomalies.isEmpty()
        hub.channels.containsKey(stream)

        cleanup:
        writer?.close()
        reader?.close()
    }

    def "subscriptions racing with the drop all land on a live channel"() {
        given:
        def admin = Accounts.administrator(app)
        Hub hub = app.bean(Hub)
        String stream = 'theme:vie-du-reseau'
        List<LiveClient> readers = (1..6).collect { LiveClient.connect(app.baseUrl, admin) }
        def writer = LiveClient.connect(app.baseUrl, admin)

        when: 'each reader subscribes and unsubscribes while sweeps keep dropping the channel'
        def sweeping = Thread.start { 200.times { hub.dropIdleChannels(); Thread.sleep(1) } }
        readers.each { r ->
            5.times {
                r.command([type: 'subscribe', streams: [[stream: stream]]])
                r.command([type: 'unsubscribe', streams: [stream]])
            }
            r.command([type: 'subscribe', streams: [[stream: stream]]])
        }
        sweeping.join()
        hub.dropIdleChannels()
        def posted = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                     theme: 'vie-du-reseau', kind: 'discussion', title: 'Après la course', body: 'quatre'])

        then: 'every reader still gets the stream'
        posted.type == 'ack'
        conditions.eventually {
            readers.each { assert titles(it, stream).contains('Après la course') }
        }

        cleanup:
        (readers + [writer]).each { it?.close() }
    }
}
