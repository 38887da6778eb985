package fr.maillage.notification

import com.icegreen.greenmail.util.GreenMail
import com.icegreen.greenmail.util.ServerSetup
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand
import fr.maillage.discussion.DiscussionFrames.ReplyCommand
import fr.maillage.discussion.DiscussionService
import fr.maillage.help.HelpService
import fr.maillage.help.HelpViews.PostMessageCommand
import fr.maillage.core.stream.StreamService
import fr.maillage.mail.InboundMailbox
import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import jakarta.mail.Session
import jakarta.mail.internet.MimeMessage
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration
import java.time.Instant

/**
 * Replies by e-mail, through a real IMAP mailbox (GreenMail): posted once as the person, in the
 * thread, whatever the number of deliveries and readers; refused with a bounce otherwise.
 */
class EmailReplySpec extends Specification {
    @Shared
    int imapPort = TestApp.freePort()
    @Shared
    @AutoCleanup('stop')
    GreenMail imap = new GreenMail(new ServerSetup(imapPort, '127.0.0.1', ServerSetup.PROTOCOL_IMAP)).tap { start() }
    @Shared
    def mailbox = imap.setUser('reply@maillage.test', 'reply', 'secret')
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-12-03T12:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: [
            'maillage.notification.mail-poll-interval': '1h',
            'maillage.mail.inbound.poll-interval'     : '1h',
            'maillage.mail.inbound.host'              : '127.0.0.1',
            'maillage.mail.inbound.port'              : imapPort,
            'maillage.mail.inbound.user'              : 'reply',
            'maillage.mail.inbound.password'          : 'secret',
            'maillage.mail.inbound.ssl'               : false,
            'maillage.mail.inbound.idle'              : false,
            'maillage.mail.inbound.address'           : 'reply@maillage.test'])
    @Shared
    def admin = Accounts.administrator(app)

    def sql(String statement, List params) {
        app.bean(TransactionOperations).executeWrite { status ->
            app.bean(JdbcOperations).prepareStatement(statement) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                statement.trim().startsWith('SELECT') ? NotificationMailSpec.rows(ps.executeQuery()) : ps.executeUpdate()
            }
        }
    }

    Map person() {
        def client = Accounts.invited(app, admin, 'member')
        def id = UUID.fromString(client.get('/api/me').json.id as String)
        [client: client, id: id, email: sql('SELECT email FROM app_user WHERE id = ?', [id])[0].email]
    }

    /** A thread by the reader, a post mentioning them, its urgent e-mail: returns the thread and the e-mail's Reply-To. */
    Map noticed(Map reader) {
        def callers = app.bean(EmailCallers)
        def discussions = app.bean(DiscussionService)
        def writer = person()
        def thread = discussions.createThread(callers.of(reader.id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'vie-du-reseau', 'discussion', 'Qui vient jeudi ?', 'Dites-le ici', null)).result().threadId as UUID
        discussions.reply(callers.of(writer.id), new ReplyCommand(UUID.randomUUID().toString(), thread, 'Et toi ?', null, [reader.id]))
        sql('UPDATE notification SET urgent = TRUE WHERE recipient_id = ?', [reader.id])
        app.bean(NotificationMailer).sendUrgent()
        def mail = sql("SELECT text_body, headers::text AS headers FROM mail_outbox WHERE recipient = ? AND subject LIKE 'Maillage%' ORDER BY created_at DESC LIMIT 1", [reader.email])[0]
        assert mail.text_body.contains('Répondez à cet e-mail')
        assert mail.text_body.contains("Version légère (sans JavaScript, pour les connexions faibles) : ${app.baseUrl}/light/threads/${thread}")
        [thread: thread, replyTo: new JsonSlurper().parseText(mail.headers)['Reply-To']]
    }

    /** Sends the person's notice of that kind at once; returns its e-mail's Reply-To. */
    String urgentReplyTo(Map reader, String kind) {
        sql('UPDATE notification SET urgent = TRUE WHERE recipient_id = ? AND kind = ?', [reader.id, kind])
        app.bean(NotificationMailer).sendUrgent()
        def mail = sql("SELECT text_body, headers::text AS headers FROM mail_outbox WHERE recipient = ? AND headers::text LIKE '%Reply-To%'", [reader.email])[0]
        assert mail.text_body.contains('Répondez à cet e-mail')
        new JsonSlurper().parseText(mail.headers)['Reply-To']
    }

    /** A help request of the reader's that the helper accepted (through HelpService.accept): returns it and the e-mail's Reply-To. */
    Map helpAccepted(Map reader, Map helper) {
        UUID request = UUID.randomUUID()
        sql("""INSERT INTO help_request (id, requester_id, title, need, theme_slug, urgency, preferred_form, status, created_at)
               VALUES (?, ?, 'Trouver un mécène', 'Un premier mécène local', 'vie-du-reseau', 'normal', 'written', 'open', now())""", [request, reader.id])
        sql("""INSERT INTO help_offer (request_id, pioneer_id, rank, score, reasons, wave, state, offered_at)
               VALUES (?, ?, 1, 10, '[]'::jsonb, 'first', 'offered', now())""", [request, helper.id])
        app.bean(StreamService).ensure('help:' + request)
        app.bean(HelpService).accept(app.bean(EmailCallers).of(helper.id), request)
        [request: request, replyTo: urgentReplyTo(reader, 'help.accepted')]
    }

    /**
     * A comment of the reader's on a document of the writer's workspace, answered by the writer:
     * returns the thread's first comment and the reader's e-mail's Reply-To.
     */
    Map commentReplied(Map reader, Map writer) {
        def ws = writer.client.post('/api/workspaces', [name: 'Kit tiers-lieu', purpose: 'Écrire ensemble']).json
        assert writer.client.send('PUT', "/api/workspaces/${ws.id}/members/${reader.id}", null).status == 204
        def doc = writer.client.post("/api/workspaces/${ws.id}/documents", [title: 'Modèle économique']).json
        def anchor = [start: Base64.encoder.encodeToString([0, 5, 2, 0] as byte[]), end: Base64.encoder.encodeToString([0, 5, 9, 0] as byte[])]
        def first = reader.client.post("/api/documents/${doc.id}/comments",
                [idempotencyKey: UUID.randomUUID().toString(), body: 'À préciser', quote: 'un modèle hybride', anchor: anchor])
        assert first.status in [200, 201]: first.toString()
        def answer = writer.client.post("/api/documents/${doc.id}/comments",
                [idempotencyKey: UUID.randomUUID().toString(), body: 'Je propose une **coopérative**', parentId: first.json.id])
        assert answer.status in [200, 201]: answer.toString()
        [workspace: ws.id, comment: UUID.fromString(first.json.id as String), replyTo: urgentReplyTo(reader, 'workspace.comment_replied')]
    }

    List helpMessages(UUID request, String body) {
        sql('SELECT author_id FROM help_message WHERE request_id = ? AND body = ?', [request, body])
    }

    List commentReplies(UUID comment, String body) {
        sql('SELECT author_id FROM workspace_comment WHERE parent_id = ? AND body = ?', [comment, body])
    }

    void deliver(String from, String to, String messageId, String body, Map headers = [:]) {
        def raw = "From: ${from}\r\nTo: ${to}\r\nSubject: Re: Qui vient ?\r\nMessage-ID: ${messageId}\r\n" +
                headers.collect { k, v -> "${k}: ${v}\r\n" }.join('') +
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}"
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes('UTF-8'))))
    }

    List posts(UUID thread, String body) {
        sql('SELECT author_id FROM discussion_post WHERE thread_id = ? AND body = ?', [thread, body])
    }

    List bounces(String to) {
        sql("SELECT subject, text_body FROM mail_outbox WHERE recipient = ? AND subject IN ('Votre réponse n''a pas été publiée', 'Your reply was not posted')", [to])
    }

    def "a reply delivered twice and read by two pollers at once is posted once, as the person, without the quote"() {
        given:
        def reader = person()
        def notice = noticed(reader)
        String body = 'Je viens !\n\nLe jeu. 3 déc. 2026 à 13:00, Maillage <' + notice.replyTo + '> a écrit :\n> Et toi ?'

        when:
        deliver(reader.email, notice.replyTo, '<twice-1@client.example>', body)
        deliver(reader.email, notice.replyTo, '<twice-1@client.example>', body)
        [Thread.start { app.bean(InboundMailbox).poll() }, Thread.start { app.bean(InboundMailbox).poll() }]*.join()
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, 'Je viens !')*.author_id == [reader.id]
        bounces(reader.email).isEmpty()
    }

    def "a reply to a help acceptance, delivered twice, is one message of the private conversation, from the requester"() {
        given:
        def reader = person()
        def helper = person()
        def notice = helpAccepted(reader, helper)
        String body = 'Merci ! Je vous appelle demain.\n\nLe jeu. 3 déc. 2026 à 13:00, Maillage <' + notice.replyTo + '> a écrit :\n> accepté'

        when:
        deliver(reader.email, notice.replyTo, '<help-twice@client.example>', body)
        deliver(reader.email, notice.replyTo, '<help-twice@client.example>', body)
        app.bean(InboundMailbox).poll()
        app.bean(InboundMailbox).poll()

        then:
        helpMessages(notice.request, 'Merci ! Je vous appelle demain.')*.author_id == [reader.id]
        bounces(reader.email).isEmpty()
    }

    /** The one e-mail to that address whose text holds those words. */
    Map mailHolding(String to, String words) {
        def found = sql("SELECT subject, text_body, html_body, headers::text AS headers FROM mail_outbox WHERE recipient = ? AND text_body LIKE ?",
                [to, '%' + words + '%'])
        assert found.size() == 1
        found[0] + [replyTo: new JsonSlurper().parseText(found[0].headers)['Reply-To']]
    }

    def "a new message of the private conversation is e-mailed with its text, and the e-mail thread goes on in both directions"() {
        given:
        def reader = person()
        def helper = person()
        def notice = helpAccepted(reader, helper)
        def helperName = sql('SELECT display_name FROM app_user WHERE id = ?', [helper.id])[0].display_name

        when: 'the helper writes in the app'
        app.bean(HelpService).postMessage(app.bean(EmailCallers).of(helper.id),
                new PostMessageCommand(UUID.randomUUID().toString(), notice.request, 'Bonjour, voici **deux contacts** de mécènes.'))
        app.bean(NotificationMailer).sendUrgent()
        def mail = mailHolding(reader.email, 'deux contacts')

        then: 'the requester gets it at once, with who wrote, the request and the message itself'
        mail.subject.contains(helperName)
        mail.subject.contains('Trouver un mécène')
        mail.text_body.contains('conversation privée')
        mail.html_body.contains('<strong>deux contacts</strong>')
        mail.replyTo != null && mail.replyTo != notice.replyTo

        when: 'the requester answers that e-mail'
        deliver(reader.email, mail.replyTo, "<${UUID.randomUUID()}@client.example>",
                'Merci, je les appelle.\n\n-- \nCamille, Tiers-lieu de Cayenne')
        app.bean(InboundMailbox).poll()
        app.bean(NotificationMailer).sendUrgent()

        then: 'it is a message of the conversation from the requester, and the helper gets it by e-mail in turn'
        helpMessages(notice.request, 'Merci, je les appelle.')*.author_id == [reader.id]
        mailHolding(helper.email, 'Merci, je les appelle.').text_body.contains('Répondez à cet e-mail')
        bounces(reader.email).isEmpty()
    }

    def "a message read in the app before the e-mail leaves is not e-mailed; nobody else may mark the conversation read"() {
        given:
        def reader = person()
        def helper = person()
        def outsider = person()
        def notice = helpAccepted(reader, helper)
        app.bean(HelpService).postMessage(app.bean(EmailCallers).of(helper.id),
                new PostMessageCommand(UUID.randomUUID().toString(), notice.request, 'Vu sur la page ?'))

        expect:
        outsider.client.post("/api/help/${notice.request}/read", null).status == 404
        reader.client.post("/api/help/${notice.request}/read", null).status == 204

        when:
        app.bean(NotificationMailer).sendUrgent()

        then:
        sql("SELECT count(*) AS n FROM mail_outbox WHERE recipient = ? AND text_body LIKE '%Vu sur la page%'", [reader.email])[0].n == 0
        sql("SELECT count(*) AS n FROM notification WHERE recipient_id = ? AND kind = 'help.message' AND read_at IS NOT NULL", [reader.id])[0].n == 1
    }

    def "a requester who lost access (deactivated) is refused with a bounce, and the conversation gets nothing"() {
        given:
        def reader = person()
        def helper = person()
        def notice = helpAccepted(reader, helper)
        sql('UPDATE app_user SET deactivated_at = now() WHERE id = ?', [reader.id])

        when:
        deliver(reader.email, notice.replyTo, "<${UUID.randomUUID()}@client.example>", 'Encore là ?')
        app.bean(InboundMailbox).poll()

        then:
        helpMessages(notice.request, 'Encore là ?').isEmpty()
        bounces(reader.email).size() == 1
        bounces(reader.email)[0].text_body.contains("Maillage l'a refusé")
    }

    def "a reply to a comment's notice, delivered twice, is one reply in the comment thread, from the person"() {
        given:
        def reader = person()
        def writer = person()
        def notice = commentReplied(reader, writer)
        def mail = sql("SELECT text_body FROM mail_outbox WHERE recipient = ? AND headers::text LIKE '%Reply-To%'", [reader.email])[0]

        when:
        deliver(reader.email, notice.replyTo, '<comment-twice@client.example>', 'Bonne idée, allons-y.\n\n-- \nAda')
        deliver(reader.email, notice.replyTo, '<comment-twice@client.example>', 'Bonne idée, allons-y.\n\n-- \nAda')
        [Thread.start { app.bean(InboundMailbox).poll() }, Thread.start { app.bean(InboundMailbox).poll() }]*.join()

        then: 'the e-mail quoted the reply it announced'
        mail.text_body.contains('coopérative')

        and:
        commentReplies(notice.comment, 'Bonne idée, allons-y.')*.author_id == [reader.id]
        bounces(reader.email).isEmpty()
    }

    def "a person removed from the workspace is refused with a bounce, and the document gets no comment"() {
        given:
        def reader = person()
        def writer = person()
        def notice = commentReplied(reader, writer)
        assert writer.client.send('DELETE', "/api/workspaces/${notice.workspace}/members/${reader.id}", null).status == 204

        when:
        deliver(reader.email, notice.replyTo, "<${UUID.randomUUID()}@client.example>", 'Toujours là')
        app.bean(InboundMailbox).poll()

        then:
        commentReplies(notice.comment, 'Toujours là').isEmpty()
        bounces(reader.email).size() == 1
        bounces(reader.email)[0].text_body.contains("Maillage l'a refusé")
    }

    def "attachments are not posted: the text is, and the person is told which files were left out"() {
        given:
        def reader = person()
        def notice = noticed(reader)
        def raw = "From: ${reader.email}\r\nTo: ${notice.replyTo}\r\nSubject: Re: Qui vient ?\r\nMessage-ID: <${UUID.randomUUID()}@client.example>\r\n" +
                "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XYZ\r\n\r\n" +
                "--XYZ\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nVoici le devis.\r\n" +
                "--XYZ\r\nContent-Type: application/pdf; name=devis.pdf\r\nContent-Disposition: attachment; filename=devis.pdf\r\n" +
                "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XYZ--\r\n"

        when:
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes('UTF-8'))))
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, 'Voici le devis.')*.author_id == [reader.id]
        def notes = sql("SELECT text_body FROM mail_outbox WHERE recipient = ? AND subject = 'Votre réponse a été publiée, sans ses pièces jointes'", [reader.email])
        notes.size() == 1
        notes[0].text_body.contains('devis.pdf')
    }

    def "an HTML-only reply is posted as Markdown"() {
        given:
        def reader = person()
        def notice = noticed(reader)
        def raw = "From: ${reader.email}\r\nTo: ${notice.replyTo}\r\nSubject: Re: Qui vient ?\r\nMessage-ID: <${UUID.randomUUID()}@client.example>\r\n" +
                "MIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" +
                '<html><body><p>Je viens, <em>sans faute</em> :</p><ul><li>avec <a href="https://example.org/plan">le plan</a></li></ul>' +
                '<div class="gmail_quote">Le jeu. a écrit :<blockquote>Et toi ?</blockquote></div></body></html>'

        when:
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes('UTF-8'))))
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, 'Je viens, *sans faute* :\n\n- avec [le plan](https://example.org/plan)')*.author_id == [reader.id]
    }

    def "raw inbound messages are kept a week for support, then purged; the ledger row stays"() {
        given:
        sql("INSERT INTO notification_inbound_mail (message_id, received_at, outcome, raw) VALUES (?, now() - interval '8 days', 'posted', ?)",
                ['<old@client.example>', 'old'.bytes])
        sql("INSERT INTO notification_inbound_mail (message_id, received_at, outcome, raw) VALUES (?, ?, 'posted', ?)",
                ['<recent@client.example>', java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(6))), 'recent'.bytes])
        sql("UPDATE notification_inbound_mail SET received_at = ? WHERE message_id = '<old@client.example>'",
                [java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(8)))])

        when:
        app.bean(EmailReplies).purgeRaw()

        then:
        sql("SELECT message_id, raw IS NULL AS purged FROM notification_inbound_mail WHERE message_id IN ('<old@client.example>', '<recent@client.example>') ORDER BY message_id", [])
                .collect { [it.message_id, it.purged] } == [['<old@client.example>', true], ['<recent@client.example>', false]]
    }

    def "a theme in mailing-list mode e-mails each new post at once, and a reply by e-mail lands in the thread"() {
        given: 'the reader reads the theme as a mailing list; a colleague just follows it'
        def reader = person()
        def follower = person()
        def writer = person()
        assert reader.client.send('PUT', '/api/themes/entraide-et-accueil/follow', [level: 'mailing_list']).json.level == 'mailing_list'
        assert follower.client.send('PUT', '/api/themes/entraide-et-accueil/follow', [level: 'following']).status == 200
        def callers = app.bean(EmailCallers)
        def discussions = app.bean(DiscussionService)

        when: 'the writer opens a thread and posts in it'
        def thread = discussions.createThread(callers.of(writer.id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'entraide-et-accueil', 'discussion', 'Liste de diffusion', 'Premier message de la liste', null)).result().threadId as UUID
        discussions.reply(callers.of(writer.id), new ReplyCommand(UUID.randomUUID().toString(), thread, 'Deuxième message de la liste', null, null))
        app.bean(NotificationMailer).sendUrgent()
        def mails = sql("SELECT text_body, headers::text AS headers FROM mail_outbox WHERE recipient = ? AND subject LIKE 'Maillage%'", [reader.email])
        def second = mails.find { it.text_body.contains('Deuxième message de la liste') }

        then: 'the reader got both posts by e-mail at once, each answerable; the plain follower got nothing at once'
        mails.size() == 2
        mails.any { it.text_body.contains('Premier message de la liste') }
        second != null
        mails.every { it.text_body.contains('Répondez à cet e-mail') && new JsonSlurper().parseText(it.headers)['Reply-To'] }
        sql("SELECT count(*) AS n FROM mail_outbox WHERE recipient = ? AND subject LIKE 'Maillage%'", [follower.email])[0].n == 0
        sql('SELECT urgent FROM notification WHERE recipient_id = ?', [follower.id])*.urgent == [false, false]

        when: 'the reader answers the second e-mail'
        String replyTo = new JsonSlurper().parseText(second.headers)['Reply-To']
        deliver(reader.email, replyTo, "<${UUID.randomUUID()}@client.example>", 'Réponse depuis ma messagerie')
        app.bean(InboundMailbox).poll()

        then:
        posts(thread, 'Réponse depuis ma messagerie')*.author_id == [reader.id]

        cleanup:
        reader?.client?.send('PUT', '/api/themes/entraide-et-accueil/follow', [level: 'default'])
        follower?.client?.send('PUT', '/api/themes/entraide-et-accueil/follow', [level: 'default'])
    }

    def "a thread cannot be set to mailing-list mode, and a thread muted on its own stays silent in a mailing-list theme"() {
        given:
        def reader = person()
        def writer = person()
        def callers = app.bean(EmailCallers)
        def discussions = app.bean(DiscussionService)
        assert reader.client.send('PUT', '/api/themes/entraide-et-accueil/follow', [level: 'mailing_list']).status == 200
        def thread = discussions.createThread(callers.of(writer.id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'entraide-et-accueil', 'discussion', 'Fil à taire', 'Ouverture', null)).result().threadId as UUID

        when:
        def refused = reader.client.send('PUT', "/api/threads/${thread}/follow", [level: 'mailing_list'])
        assert reader.client.send('PUT', "/api/threads/${thread}/follow", [level: 'muted']).status == 200
        discussions.reply(callers.of(writer.id), new ReplyCommand(UUID.randomUUID().toString(), thread, 'Message tu', null, null))
        app.bean(NotificationMailer).sendUrgent()

        then:
        refused.status == 400
        refused.json.detail != null
        sql("SELECT text_body FROM mail_outbox WHERE recipient = ?", [reader.email]).every { !it.text_body.contains('Message tu') }

        cleanup:
        reader?.client?.send('PUT', '/api/themes/entraide-et-accueil/follow', [level: 'default'])
    }

    def "#refusal is refused with a bounce and posts nothing"() {
        given:
        def reader = person()
        def notice = noticed(reader)
        String from = refusal == 'another sender' ? 'intrus@example.org' : reader.email
        String to = refusal == 'a forged token' ? 'reply+aaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb@maillage.test' : notice.replyTo
        if (refusal == 'an expired token') {
            clock.advance(Duration.ofDays(31))
        }
        if (refusal == 'a revoked token') {
            app.bean(NotificationReplyTokens).revokeFor(reader.id)
        }

        when:
        deliver(from, to, "<${UUID.randomUUID()}@client.example>", "Texte ${refusal}")
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, "Texte ${refusal}").isEmpty()
        bounces(from).size() == 1
        bounces(from)[0].text_body.contains(reason)

        cleanup:
        clock.set(Instant.parse('2026-12-03T12:00:00Z'))

        where:
        refusal           || reason
        'a forged token'  || "l'adresse de réponse n'est pas valide"
        'an expired token'|| "l'adresse de réponse n'est pas valide"
        'a revoked token' || "l'adresse de réponse n'est pas valide"
        'another sender'  || "une autre adresse"
    }

    def "an auto-reply (#header: #value) is ignored: no post, no bounce"() {
        given:
        def reader = person()
        def notice = noticed(reader)

        when:
        deliver(reader.email, notice.replyTo, "<${UUID.randomUUID()}@client.example>", 'Je suis absente', [(header): value])
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, 'Je suis absente').isEmpty()
        bounces(reader.email).isEmpty()

        where:
        header          | value
        'Auto-Submitted'| 'auto-replied'
        'X-Autoreply'   | 'yes'
        'Precedence'    | 'bulk'
    }

    def "without inbound settings, e-mails say to reply in Maillage and carry no Reply-To"() {
        given:
        def plain = TestApp.start(properties: ['maillage.notification.mail-poll-interval': '1h'])
        def padmin = Accounts.administrator(plain)
        def member = Accounts.invited(plain, padmin, 'member')
        def id = UUID.fromString(member.get('/api/me').json.id as String)
        def callers = plain.bean(EmailCallers)
        def thread = plain.bean(DiscussionService).createThread(callers.of(id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'vie-du-reseau', 'discussion', 'Sans boîte', 'Corps', null)).result().threadId as UUID
        def adminId = UUID.fromString(padmin.get('/api/me').json.id as String)
        plain.bean(DiscussionService).reply(callers.of(adminId), new ReplyCommand(UUID.randomUUID().toString(), thread, 'Réponse', null, [id]))
        def jdbc = plain.bean(JdbcOperations)
        plain.bean(TransactionOperations).executeWrite { s ->
            jdbc.prepareStatement('UPDATE notification SET urgent = TRUE WHERE recipient_id = ?') { ps -> ps.setObject(1, id); ps.executeUpdate() }
        }

        when:
        plain.bean(NotificationMailer).sendUrgent()
        def mail = plain.bean(TransactionOperations).executeRead { s ->
            jdbc.prepareStatement("SELECT text_body, headers::text FROM mail_outbox WHERE recipient = (SELECT email FROM app_user WHERE id = ?) AND subject LIKE 'Maillage%'") { ps ->
                ps.setObject(1, id)
                def rs = ps.executeQuery()
                rs.next()
                [rs.getString(1), rs.getString(2)]
            }
        }

        then:
        mail[0].contains('on ne peut pas répondre à cet e-mail')
        !mail[1].contains('Reply-To')

        cleanup:
        plain?.close()
    }
}
