package fr.maillage.notification

import com.icegreen.greenmail.util.GreenMail
import com.icegreen.greenmail.util.ServerSetup
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand
import fr.maillage.discussion.DiscussionService
import fr.maillage.mail.InboundMailbox
import fr.maillage.support.Accounts
import fr.maillage.support.TestApp
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import jakarta.mail.Session
import jakarta.mail.internet.MimeMessage
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * Two nodes on one database read one IMAP mailbox (GreenMail), both watching it with IDLE and
 * both polling it: a reply delivered twice is posted once, within seconds, without waiting
 * for the next poll.
 */
class EmailReplyTwoNodeSpec extends Specification {
    @Shared
    int imapPort = TestApp.freePort()
    @Shared
    @AutoCleanup('stop')
    GreenMail imap = new GreenMail(new ServerSetup(imapPort, '127.0.0.1', ServerSetup.PROTOCOL_IMAP)).tap { start() }
    @Shared
    def mailbox = imap.setUser('reply@maillage.test', 'reply', 'secret')
    @Shared
    Map inbound = [
            'maillage.notification.mail-poll-interval': '1h',
            'maillage.mail.inbound.poll-interval'     : '1h',
            'maillage.mail.inbound.host'              : '127.0.0.1',
            'maillage.mail.inbound.port'              : imapPort,
            'maillage.mail.inbound.user'              : 'reply',
            'maillage.mail.inbound.password'          : 'secret',
            'maillage.mail.inbound.ssl'               : false,
            'maillage.mail.inbound.idle'              : true,
            'maillage.mail.inbound.address'           : 'reply@maillage.test']
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(nodeId: 'a', properties: inbound)
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(nodeId: 'b', database: nodeA.databaseUrl, properties: inbound)
    @Shared
    def admin = Accounts.administrator(nodeA)
    def conditions = new PollingConditions(timeout: 30, delay: 0.2)

    def sql(String statement, List params) {
        nodeA.bean(TransactionOperations).executeWrite { status ->
            nodeA.bean(JdbcOperations).prepareStatement(statement) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                statement.trim().startsWith('SELECT') ? NotificationMailSpec.rows(ps.executeQuery()) : ps.executeUpdate()
            }
        }
    }

    /** A thread of a new member's, and a reply address for its first post minted on node A. */
    Map addressed(String title) {
        def member = Accounts.invited(nodeA, admin, 'member')
        def readerId = UUID.fromString(member.get('/api/me').json.id as String)
        def email = sql('SELECT email FROM app_user WHERE id = ?', [readerId])[0].email
        def thread = nodeA.bean(DiscussionService).createThread(nodeA.bean(EmailCallers).of(readerId), new CreateThreadCommand(
                UUID.randomUUID().toString(), 'vie-du-reseau', 'discussion', title, 'Premier message', null)).result().threadId as UUID
        def post = sql('SELECT id FROM discussion_post WHERE thread_id = ?', [thread])[0].id as UUID
        String replyTo = nodeA.bean(TransactionOperations).executeWrite { s ->
            nodeA.bean(NotificationReplyTokens).address(readerId, 'discussion.post', post).orElseThrow()
        }
        [readerId: readerId, email: email, thread: thread, replyTo: replyTo]
    }

    // First of the spec: node B has signed nothing yet, so it reads the shared signing key now.
    def "a node that has signed nothing yet accepts a reply to an address another node made"() {
        given:
        def a = addressed('Clé partagée')
        def raw = "From: ${a.email}\r\nTo: ${a.replyTo}\r\nSubject: Re\r\nMessage-ID: <${UUID.randomUUID()}@client.example>\r\n" +
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nLu par le second nœud"

        when:
        nodeB.bean(EmailReplies).handle(raw.getBytes('UTF-8'))

        then:
        sql('SELECT author_id FROM discussion_post WHERE thread_id = ? AND body = ?', [a.thread, 'Lu par le second nœud'])*.author_id == [a.readerId]
    }

    def "two nodes watching one mailbox post a reply delivered twice exactly once, without waiting for a poll"() {
        given: 'a thread of the reader, and a reply address for its first post, minted on node A'
        def member = Accounts.invited(nodeA, admin, 'member')
        def readerId = UUID.fromString(member.get('/api/me').json.id as String)
        def email = sql('SELECT email FROM app_user WHERE id = ?', [readerId])[0].email
        def thread = nodeA.bean(DiscussionService).createThread(nodeA.bean(EmailCallers).of(readerId), new CreateThreadCommand(
                UUID.randomUUID().toString(), 'vie-du-reseau', 'discussion', 'Deux nœuds', 'Premier message', null)).result().threadId as UUID
        def post = sql('SELECT id FROM discussion_post WHERE thread_id = ?', [thread])[0].id as UUID
        String replyTo = nodeA.bean(TransactionOperations).executeWrite { s ->
            nodeA.bean(NotificationReplyTokens).address(readerId, 'discussion.post', post).orElseThrow()
        }

        and: 'both nodes are waiting on the mailbox with IDLE'
        conditions.eventually {
            assert nodeA.bean(InboundMailbox).idling()
            assert nodeB.bean(InboundMailbox).idling()
        }

        when: 'the same message arrives twice, and both nodes also poll at once'
        def raw = "From: ${email}\r\nTo: ${replyTo}\r\nSubject: Re: Deux nœuds\r\nMessage-ID: <two-nodes@client.example>\r\n" +
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nReçu des deux côtés"
        2.times { mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes('UTF-8')))) }

        then: 'IDLE brings it in within seconds (the scheduled polls are an hour apart)'
        conditions.eventually {
            assert sql('SELECT author_id FROM discussion_post WHERE thread_id = ? AND body = ?', [thread, 'Reçu des deux côtés'])*.author_id == [readerId]
        }

        when: 'both nodes poll concurrently what may be left'
        [Thread.start { nodeA.bean(InboundMailbox).poll() }, Thread.start { nodeB.bean(InboundMailbox).poll() }]*.join()

        then: 'the mailbox is emptied, and the reply stays posted once, recorded once, with no bounce'
        conditions.eventually {
            assert imap.receivedMessages.length == 0
        }
        sql('SELECT author_id FROM discussion_post WHERE thread_id = ? AND body = ?', [thread, 'Reçu des deux côtés'])*.author_id == [readerId]
        sql("SELECT outcome FROM notification_inbound_mail WHERE message_id = '<two-nodes@client.example>'", [])*.outcome == ['posted']
        sql('SELECT subject FROM mail_outbox WHERE recipient = ?', [email]).every { !(it.subject as String).contains('pas été publiée') }
    }
}
