package fr.maillage.core

import fr.maillage.core.stream.IdempotencyPurge
import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import fr.maillage.workspace.YjsScripts
import groovy.json.JsonSlurper
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

/**
 * Every command that takes an idempotency key, on the socket and over HTTP, goes through the
 * one helper (core/stream/Idempotency): the same key and payload replays the first answer and
 * writes nothing; the key reused for another command or other content is a 409
 * /problems/idempotency-key-reused (an error frame naming the requestId on the socket); keys
 * expire and are purged once across nodes; concurrent retries make one entity.
 */
class IdempotencySpec extends Specification {
    static final String REUSED = '/problems/idempotency-key-reused'
    static final String THEME = 'vie-du-reseau'
    static final Map ANCHOR = [start: b64([0, 5, 2, 0]), end: b64([0, 5, 9, 0])]
    /** What each command writes, besides its events. */
    static final Map<String, String> ROWS = [
            'discussion.create_thread' : 'SELECT count(*) FROM discussion_thread',
            'discussion.reply'         : 'SELECT count(*) FROM discussion_post',
            'discussion.edit_post'     : 'SELECT count(*) FROM discussion_post_revision',
            'discussion.react'         : 'SELECT count(*) FROM discussion_reaction',
            'discussion.mark_solved'   : 'SELECT count(*) FROM discussion_thread WHERE solved_post_id IS NOT NULL',
            'discussion.delete_post'   : 'SELECT count(*) FROM discussion_post WHERE deleted_at IS NOT NULL',
            'discussion.moderate_thread': 'SELECT count(*) FROM discussion_thread WHERE pinned OR locked',
            'workspace.update'         : 'SELECT count(*) FROM workspace_update',
            'workspace.create_version' : 'SELECT count(*) FROM workspace_version',
            'workspace.add_comment'    : 'SELECT count(*) FROM workspace_comment',
            'workspace.add_link'       : 'SELECT count(*) FROM workspace_link',
            'workspace.upload_file'    : 'SELECT count(*) FROM workspace_file',
            'help.create_request'      : 'SELECT count(*) FROM help_request',
            'help.post_message'        : 'SELECT count(*) FROM help_message',
            'session.create_series'    : 'SELECT count(*) FROM session_series',
    ]

    @Shared
    Path dataDir = Files.createTempDirectory('maillage-idempotency-spec')
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: [
            'maillage.data-dir'                        : dataDir.toString(),
            'maillage.help.escalation-check-interval' : '1h',
            'maillage.idempotency.retention'           : '7d',
            'maillage.idempotency.purge-interval'      : '1h'])
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient pioneer = Accounts.invited(app, admin, 'member')
    @Shared
    Map typed = YjsScripts.run('generate', [count: 2, seed: 7])
    @Shared
    String workspaceId
    @Shared
    String helpRequestId
    @Shared
    Map shared
    List<LiveClient> sockets = []

    static String b64(List<Integer> bytes) {
        Base64.encoder.encodeToString(bytes.collect { it as byte } as byte[])
    }

    static byte[] pdf(long seed) {
        byte[] bytes = new byte[2_000]
        new Random(seed).nextBytes(bytes)
        '%PDF-1.7\n'.bytes.eachWithIndex { byte b, int i -> bytes[i] = b }
        bytes
    }

    static String key() {
        UUID.randomUUID().toString()
    }

    def setupSpec() {
        workspaceId = admin.post('/api/workspaces', [name: 'Kit tiers-lieu', purpose: 'Écrire ensemble']).json.id
        // a pioneer who accepts the administrator's help request: the private conversation opens
        String pioneerId = pioneer.get('/api/session').json.user.id
        assert pioneer.send('PUT', '/api/directory/me', [territoryCode: '53', metiers: [], competences: [[slug: 'mecenat', mode: 'can_help']],
                                                         pioneer: true, availability: 'open', maxOpenRequests: 3, languages: ['fr'],
                                                         showEmail: false]).status == 200
        assert admin.send('PUT', "/api/directory/people/${pioneerId}/pioneer", [confirmed: true]).status == 200
        helpRequestId = helpRequest(key(), 'Une demande à accepter').json.id
        assert pioneer.post("/api/help/${helpRequestId}/accept", [:]).status == 200
        def socket = LiveClient.connect(app.baseUrl, admin)
        shared = thread(socket, 'discussion')
        socket.close()
    }

    def cleanup() {
        sockets*.close()
    }

    def cleanupSpec() {
        dataDir?.toFile()?.deleteDir()
    }

    LiveClient socket() {
        def socket = LiveClient.connect(app.baseUrl, admin)
        sockets << socket
        socket
    }

    static Map thread(LiveClient socket, String kind) {
        def ack = socket.command([type: 'discussion.create_thread', idempotencyKey: key(), theme: THEME, kind: kind,
                                  title: 'Un fil pour essayer', body: 'Bonjour'])
        assert ack.type == 'ack': ack.toString()
        ack.result as Map
    }

    static String reply(LiveClient socket, Object threadId) {
        def ack = socket.command([type: 'discussion.reply', idempotencyKey: key(), threadId: threadId, body: 'Une réponse'])
        assert ack.type == 'ack': ack.toString()
        ack.result.postId
    }

    ApiClient.Reply helpRequest(String key, String title) {
        admin.post('/api/help', [idempotencyKey: key, title: title, need: 'Nous cherchons un premier mécène.',
                                 competences: ['mecenat'], theme: 'entraide-et-accueil', urgency: 'normal', preferredForm: 'call'])
    }

    /** What a command of this row needs, fresh for each iteration. */
    Map fixture(String command, LiveClient socket) {
        if (command.startsWith('discussion.')) {
            Map thread = thread(socket, command == 'discussion.mark_solved' ? 'question' : 'discussion')
            return thread + [replies: [reply(socket, thread.threadId), reply(socket, thread.threadId)]]
        }
        if (command.startsWith('workspace.')) {
            def document = admin.post("/api/workspaces/${workspaceId}/documents", [title: 'Modèle économique'])
            assert document.status == 201: document.toString()
            return [documentId: document.json.id]
        }
        [:]
    }

    /** Sends the command with the key; {@code variant} 0 and 1 are two different payloads. */
    Map perform(String command, String via, String key, int variant, Map ctx, LiveClient socket) {
        switch ("${command} ${via}") {
            case 'discussion.create_thread socket':
                return send(socket, [type: command, idempotencyKey: key, theme: THEME, kind: 'discussion', title: "Un fil ${variant}", body: 'Bonjour'])
            case 'discussion.reply socket':
                return send(socket, [type: command, idempotencyKey: key, threadId: ctx.threadId, body: "Réponse ${variant}"])
            case 'discussion.edit_post socket':
                return send(socket, [type: command, idempotencyKey: key, postId: ctx.postId, body: "Corrigé ${variant}"])
            case 'discussion.react socket':
                return send(socket, [type: command, idempotencyKey: key, postId: ctx.postId, emoji: ['👍', '🎉'][variant], active: true])
            case 'discussion.mark_solved socket':
                return send(socket, [type: command, idempotencyKey: key, threadId: ctx.threadId, postId: ctx.replies[variant]])
            case 'discussion.delete_post socket':
                return send(socket, [type: command, idempotencyKey: key, postId: ctx.replies[variant]])
            case 'discussion.moderate_thread socket':
                return send(socket, [type: command, idempotencyKey: key, threadId: ctx.threadId] + (variant == 0 ? [pinned: true] : [locked: true]))
            case 'workspace.update socket':
                return send(socket, [type: command, idempotencyKey: key, documentId: ctx.documentId, update: typed.updates[variant]])
            case 'workspace.update http':
                return http(admin.post("/api/documents/${ctx.documentId}/updates", [idempotencyKey: key, update: typed.updates[variant]]))
            case 'workspace.create_version http':
                return http(admin.post("/api/documents/${ctx.documentId}/versions", [idempotencyKey: key, name: "Version ${variant}"]))
            case 'workspace.add_comment http':
                return http(admin.post("/api/documents/${ctx.documentId}/comments", [idempotencyKey: key, body: "Commentaire ${variant}",
                                                                                      quote: 'un modèle hybride', anchor: ANCHOR]))
            case 'workspace.add_link http':
                return http(admin.post("/api/workspaces/${workspaceId}/links", [idempotencyKey: key, url: "https://example.org/${variant}",
                                                                                 title: 'Un lien']))
            case 'workspace.upload_file http':
                return upload(key, "piece-${variant}.pdf", pdf(variant))
            case 'help.create_request http':
                return http(helpRequest(key, "Trouver un mécène ${variant}"))
            case 'help.post_message socket':
                return send(socket, [type: command, idempotencyKey: key, helpRequestId: helpRequestId, body: "Bonjour ${variant}"])
            case 'help.post_message http':
                return http(admin.post("/api/help/${helpRequestId}/messages", [idempotencyKey: key, body: "Bonjour ${variant}"]))
            case 'session.create_series http':
                return http(admin.post('/api/peer-sessions/series', [idempotencyKey: key, theme: THEME, title: "Rencontre ${variant}",
                                                                     format: 'online', durationMinutes: 60, timeZone: 'Europe/Paris',
                                                                     firstStart: '2027-01-12T10:00:00', recurrence: 'once']))
        }
        throw new IllegalArgumentException("${command} ${via}")
    }

    static Map send(LiveClient socket, Map frame) {
        String requestId = socket.send(frame)
        Map answer = socket.answer(requestId)
        answer.type == 'ack' ? [ok: true, answer: [seq: answer.seq, result: answer.result]]
                : [ok: false, status: answer.problem?.status, problem: answer.problem, sentRequestId: requestId, requestId: answer.requestId]
    }

    static Map http(ApiClient.Reply reply) {
        reply.status in [200, 201] ? [ok: true, answer: reply.json]
                : [ok: false, status: reply.status, problem: reply.problem ? reply.json : null, body: reply.text]
    }

    Map upload(String key, String name, byte[] bytes) {
        admin.primed()
        def request = HttpRequest.newBuilder(URI.create("${app.baseUrl}/api/workspaces/${workspaceId}/files?name=${name}"))
                .header('Content-Type', 'application/octet-stream')
                .header('X-CSRF-Token', admin.cookie('maillage_csrf'))
                .header('Idempotency-Key', key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()
        def response = admin.http.send(request, HttpResponse.BodyHandlers.ofString())
        def json = new JsonSlurper().parseText(response.body())
        response.statusCode() == 201 ? [ok: true, answer: json]
                : [ok: false, status: response.statusCode(), problem: response.headers().firstValue('Content-Type').orElse('')
                .startsWith('application/problem+json') ? json : null, body: response.body()]
    }

    long rows(String command) {
        Rows.count(app, ROWS[command])
    }

    long events() {
        Rows.count(app, 'SELECT count(*) FROM stream_event')
    }

    /** Another command, by the same person, to take the key first. */
    Map other(String command, String key, LiveClient socket) {
        command == 'discussion.react'
                ? send(socket, [type: 'discussion.reply', idempotencyKey: key, threadId: shared.threadId, body: 'Autre commande'])
                : send(socket, [type: 'discussion.react', idempotencyKey: key, postId: shared.postId, emoji: '👀', active: true])
    }

    static boolean refused(Map outcome) {
        !outcome.ok && outcome.status == 409 && outcome.problem?.type == REUSED &&
                (outcome.sentRequestId == null || outcome.requestId == outcome.sentRequestId)
    }

    def "#command over #via: a retry with the same key and payload replays the answer, one row and one event"() {
        given:
        def socket = socket()
        Map ctx = fixture(command, socket)
        String k = key()
        long rowsBefore = rows(command)
        long eventsBefore = events()

        when:
        def first = perform(command, via, k, 0, ctx, socket)
        long rowsAfterFirst = rows(command)
        long eventsAfterFirst = events()
        def again = perform(command, via, k, 0, ctx, socket)

        then:
        first.ok
        again == first
        rowsAfterFirst == rowsBefore + 1
        eventsAfterFirst > eventsBefore
        rows(command) == rowsAfterFirst
        events() == eventsAfterFirst

        where:
        command                      | via
        'discussion.create_thread'   | 'socket'
        'discussion.reply'           | 'socket'
        'discussion.edit_post'       | 'socket'
        'discussion.react'           | 'socket'
        'discussion.mark_solved'     | 'socket'
        'discussion.delete_post'     | 'socket'
        'discussion.moderate_thread' | 'socket'
        'workspace.update'           | 'socket'
        'workspace.update'           | 'http'
        'workspace.create_version'   | 'http'
        'workspace.add_comment'      | 'http'
        'workspace.add_link'         | 'http'
        'workspace.upload_file'      | 'http'
        'help.create_request'        | 'http'
        'help.post_message'          | 'socket'
        'help.post_message'          | 'http'
        'session.create_series'      | 'http'
    }

    def "#command over #via with a key already used for another command is refused with 409 and writes nothing"() {
        given:
        def socket = socket()
        Map ctx = fixture(command, socket)
        String k = key()
        assert other(command, k, socket).ok
        long rowsBefore = rows(command)
        long eventsBefore = events()

        when:
        def outcome = perform(command, via, k, 0, ctx, socket)

        then:
        refused(outcome)
        outcome.problem.detail.contains('another command')
        rows(command) == rowsBefore
        events() == eventsBefore

        where:
        command                      | via
        'discussion.create_thread'   | 'socket'
        'discussion.reply'           | 'socket'
        'discussion.edit_post'       | 'socket'
        'discussion.react'           | 'socket'
        'discussion.mark_solved'     | 'socket'
        'discussion.delete_post'     | 'socket'
        'discussion.moderate_thread' | 'socket'
        'workspace.update'           | 'socket'
        'workspace.update'           | 'http'
        'workspace.create_version'   | 'http'
        'workspace.add_comment'      | 'http'
        'workspace.add_link'         | 'http'
        'workspace.upload_file'      | 'http'
        'help.create_request'        | 'http'
        'help.post_message'          | 'socket'
        'help.post_message'          | 'http'
        'session.create_series'      | 'http'
    }

    def "#command over #via with the same key and other content is refused with 409 and writes nothing"() {
        given:
        def socket = socket()
        Map ctx = fixture(command, socket)
        String k = key()
        assert perform(command, via, k, 0, ctx, socket).ok
        long rowsBefore = rows(command)
        long eventsBefore = events()

        when:
        def outcome = perform(command, via, k, 1, ctx, socket)

        then:
        refused(outcome)
        outcome.problem.detail.contains('other content')
        rows(command) == rowsBefore
        events() == eventsBefore

        where:
        command                      | via
        'discussion.create_thread'   | 'socket'
        'discussion.reply'           | 'socket'
        'discussion.edit_post'       | 'socket'
        'discussion.react'           | 'socket'
        'discussion.mark_solved'     | 'socket'
        'discussion.delete_post'     | 'socket'
        'discussion.moderate_thread' | 'socket'
        'workspace.update'           | 'socket'
        'workspace.update'           | 'http'
        'workspace.create_version'   | 'http'
        'workspace.add_comment'      | 'http'
        'workspace.add_link'         | 'http'
        'workspace.upload_file'      | 'http'
        'help.create_request'        | 'http'
        'help.post_message'          | 'socket'
        'help.post_message'          | 'http'
        'session.create_series'      | 'http'
    }

    def "the same key over the socket and over HTTP is one command: the HTTP retry replays the socket's answer"() {
        given:
        def socket = socket()
        String k = key()
        long messages = rows('help.post_message')

        when:
        def bySocket = perform('help.post_message', 'socket', k, 0, [:], socket)
        def byHttp = perform('help.post_message', 'http', k, 0, [:], socket)

        then:
        bySocket.ok && byHttp.ok
        byHttp.answer == bySocket.answer
        rows('help.post_message') == messages + 1
    }

    def "#senders concurrent retries of #command over #via make one entity and get one answer"() {
        given:
        Map ctx = [:]
        String k = key()
        long before = rows(command)
        List<LiveClient> clients = (1..senders).collect { socket() }
        def gate = new CountDownLatch(1)
        def pool = Executors.newFixedThreadPool(senders)

        when:
        def futures = clients.collect { LiveClient c ->
            pool.submit({ gate.await(); perform(command, via, k, 0, ctx, c) } as Callable<Map>)
        }
        gate.countDown()
        List<Map> outcomes = futures*.get()

        then:
        outcomes.every { it.ok }
        outcomes*.answer.unique().size() == 1
        rows(command) == before + 1

        cleanup:
        pool?.shutdown()

        where:
        command                   | via      | senders
        'workspace.add_link'      | 'http'   | 4
        'help.create_request'     | 'http'   | 4
        'discussion.create_thread' | 'socket' | 4
    }

    def "keys older than the retention count as new and are purged once across nodes"() {
        given: 'two keys used now'
        def purge = app.bean(IdempotencyPurge)
        String kept = key()
        String purged = key()
        assert perform('workspace.add_link', 'http', kept, 0, [:], null).ok
        def old = perform('workspace.add_link', 'http', purged, 0, [:], null)
        assert old.ok
        long stored = Rows.count(app, 'SELECT count(*) FROM idempotency_key')

        when: 'the retention passes; a third key is used, and the first one again'
        clock.advance(Duration.ofDays(7).plusHours(1))
        String recent = key()
        assert perform('workspace.add_link', 'http', recent, 1, [:], null).ok
        def renewed = perform('workspace.add_link', 'http', kept, 0, [:], null)

        then: 'an expired key is new: the command runs again'
        renewed.ok
        renewed.answer.id != old.answer.id

        when: 'one node purges, and a second run within the interval (another node) does nothing'
        int first = purge.run()
        int second = purge.run()

        then:
        first == stored - 1  // every key of this spec so far but the renewed one
        second == -1
        keys(purged) == 0
        keys(kept) == 1
        keys(recent) == 1

        when: 'a purged key is used again, even for other content'
        def reused = perform('workspace.add_link', 'http', purged, 1, [:], null)

        then:
        reused.ok
        reused.answer.id != old.answer.id

        when: 'the interval passes: the next run purges again'
        clock.advance(Duration.ofDays(7).plusHours(1))

        then:
        purge.run() == 3
        keys(purged) + keys(kept) + keys(recent) == 0
    }

    long keys(String key) {
        Rows.count(app, 'SELECT count(*) FROM idempotency_key WHERE key = ?', key)
    }
}
