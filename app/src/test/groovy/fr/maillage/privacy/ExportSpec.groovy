package fr.maillage.privacy

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.zip.ZipInputStream

/**
 * The export of one's data (issue 14 §4, docs/privacy.md): built by the background job (made
 * fast here), announced by a notification, downloaded once by its owner only, expiring.
 */
class ExportSpec extends Specification {
    @Shared
    Path dataDir = Files.createTempDirectory('maillage-export-spec')
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: ['maillage.data-dir': dataDir.toString(),
                                                           'maillage.privacy.export-poll-interval': '200ms'])
    @Shared
    ApiClient admin = Accounts.administrator(app, 'export-admin@example.org')
    List<LiveClient> sockets = []

    def cleanup() {
        sockets*.close()
    }

    Map person(String role = 'member') {
        String email = "e-${UUID.randomUUID()}@example.org"
        ApiClient client = Accounts.invited(app, admin, role, email)
        [email: email, client: client, id: UUID.fromString(client.get('/api/me').json.id as String)]
    }

    void exec(String sql, Object... params) {
        app.bean(TransactionOperations).executeWrite { status ->
            app.bean(JdbcOperations).prepareStatement(sql) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                ps.executeUpdate()
            }
        }
    }

    long count(String sql, Object... params) {
        Rows.count(app, sql, params)
    }

    Map cmd(LiveClient socket, Map frame) {
        def answer = socket.command([idempotencyKey: UUID.randomUUID().toString()] + frame)
        assert answer.type == 'ack': answer
        answer
    }

    LiveClient socket(Map p) {
        def s = LiveClient.connect(app.baseUrl, p.client as ApiClient)
        sockets << s
        s
    }

    /** Asks for an export and waits for the job to make it ready. */
    Map readyExport(ApiClient client) {
        def asked = client.post('/api/me/exports', [:])
        assert asked.status == 202: asked
        assert asked.json.status == 'pending'
        long deadline = System.currentTimeMillis() + 30_000
        Map latest = client.get('/api/me/exports').json.latest as Map
        while (latest.status == 'pending' && System.currentTimeMillis() < deadline) {
            Thread.sleep(200)
            latest = client.get('/api/me/exports').json.latest as Map
        }
        assert latest.status == 'ready'
        latest
    }

    static HttpResponse<byte[]> fetch(ApiClient client, String path) {
        client.http.send(HttpRequest.newBuilder(URI.create(client.baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
    }

    static Map<String, byte[]> unzip(byte[] bytes) {
        Map<String, byte[]> entries = [:]
        new ZipInputStream(new ByteArrayInputStream(bytes)).withCloseable { zip ->
            def entry
            while ((entry = zip.nextEntry) != null) {
                entries[entry.name] = zip.readAllBytes()
            }
        }
        entries
    }

    static Object json(Map<String, byte[]> entries, String name) {
        assert entries.containsKey(name): "no ${name} in ${entries.keySet()}"
        new JsonSlurper().parse(entries[name])
    }

    /** A Yjs v1 update inserting one string into the root type "prosemirror" (what a client sends). */
    static byte[] yjsInsert(String text) {
        def out = new ByteArrayOutputStream()
        def string = { String s -> byte[] b = s.getBytes(StandardCharsets.UTF_8); out.write(b.length); out.write(b) }
        out.write(1)      // one client
        out.write(1)      // one struct
        out.write(7)      // client id
        out.write(0)      // clock
        out.write(4)      // an Item with ContentString, no origins
        out.write(1)      // parent: a root type, by name
        string('prosemirror')
        string(text)
        out.write(0)      // empty delete set
        out.toByteArray()
    }

    def "the export holds a file per kind of data, with the person's own data and nobody else's private data"() {
        given: "a member with a profile, a photo, an edited post, help messages, an answer, a notification, a file and a document"
        def p = person()
        def o = person()
        def third = person()
        exec("INSERT INTO directory_profile (user_id, bio, organisation, updated_at) VALUES (?, 'Bio de P', 'Asso P', now())", p.id)
        exec("INSERT INTO directory_competence (user_id, competence_slug, mode) VALUES (?, 'mecenat', 'can_help')", p.id)
        exec("INSERT INTO directory_photo (user_id, jpeg, updated_at) VALUES (?, '\\xffd8ffd9'::bytea, now())", p.id)
        def thread = cmd(socket(p), [type: 'discussion.create_thread', theme: 'vie-du-reseau', kind: 'discussion',
                                     title: 'Fil de P', body: 'Premier jet de P'])
        cmd(sockets[-1], [type: 'discussion.edit_post', postId: thread.result.postId, body: 'Version finale de P'])

        UUID helped = UUID.randomUUID()
        UUID others = UUID.randomUUID()
        exec("INSERT INTO help_request (id, requester_id, title, need, theme_slug, urgency, preferred_form, status, helper_id, created_at) "
                + "VALUES (?, ?, 'Demande de O', 'Besoin de O', 'vie-du-reseau', 'normal', 'written', 'accepted', ?, now())", helped, o.id, p.id)
        exec("INSERT INTO help_message (id, request_id, author_id, body, created_at) VALUES (gen_random_uuid(), ?, ?, 'Message privé de O', now())", helped, o.id)
        exec("INSERT INTO help_message (id, request_id, author_id, body, created_at) VALUES (gen_random_uuid(), ?, ?, 'Réponse de P', now())", helped, p.id)
        exec("INSERT INTO help_request (id, requester_id, title, need, theme_slug, urgency, preferred_form, status, helper_id, created_at) "
                + "VALUES (?, ?, 'Autre demande', 'Besoin confidentiel', 'vie-du-reseau', 'normal', 'written', 'accepted', ?, now())", others, o.id, third.id)
        exec("INSERT INTO help_message (id, request_id, author_id, body, created_at) VALUES (gen_random_uuid(), ?, ?, 'Conversation d autrui', now())", others, third.id)

        def series = admin.post('/api/peer-sessions/series', [theme: 'vie-du-reseau', title: 'Rencontre export', format: 'online',
                                                              durationMinutes: 60, firstStart: '2030-06-11T10:00:00', recurrence: 'once']).json
        UUID occurrence = app.bean(TransactionOperations).executeRead { s ->
            app.bean(JdbcOperations).prepareStatement('SELECT id FROM session_occurrence WHERE series_id = ?') { ps ->
                ps.setObject(1, UUID.fromString(series.id as String)); def rs = ps.executeQuery(); rs.next(); rs.getObject(1, UUID)
            }
        }
        assert p.client.send('PUT', "/api/peer-sessions/occurrences/${occurrence}/rsvp", [answer: 'yes']).status == 200

        exec("INSERT INTO notification (id, recipient_id, kind, link, data, created_at) VALUES (gen_random_uuid(), ?, 'discussion.replied', '/p', '{\"title\":\"Pour P\"}', now())", p.id)
        exec("INSERT INTO notification (id, recipient_id, kind, link, data, created_at) VALUES (gen_random_uuid(), ?, 'discussion.replied', '/o', '{\"title\":\"Pour O seulement\"}', now())", o.id)

        def ws = p.client.post('/api/workspaces', [name: 'Atelier P', purpose: 'Écrire', theme: 'vie-du-reseau']).json
        byte[] notes = 'Notes de P, octet pour octet.'.getBytes(StandardCharsets.UTF_8)
        def uploadedFile = fr.maillage.workspace.WorkspaceFilesSpec.uploaded(p.client, ws.id, 'notes.txt', notes)
        assert uploadedFile.name == 'notes.txt'
        UUID document = UUID.randomUUID()
        exec("INSERT INTO workspace_document (id, workspace_id, title, created_by, created_at) VALUES (?, ?, 'Compte rendu', ?, now())",
                document, UUID.fromString(ws.id as String), p.id)
        exec("INSERT INTO workspace_update (document_id, seq, payload, author_id, created_at) VALUES (?, 1, ?, ?, now())", document, yjsInsert('Bonjour du document'), p.id)

        when:
        def ready = readyExport(p.client)
        def stranger = fetch(o.client, ready.downloadUrl as String)
        def download = fetch(p.client, ready.downloadUrl as String)
        def again = fetch(p.client, ready.downloadUrl as String)
        def entries = unzip(download.body())

        then: "a notification said it was ready"
        count("SELECT count(*) FROM notification WHERE recipient_id = ? AND kind = 'privacy.export_ready'", p.id) == 1

        and: "another person cannot fetch it; its owner gets a ZIP once"
        stranger.statusCode() == 404
        download.statusCode() == 200
        download.headers().firstValue('Content-Type').get().startsWith('application/zip')
        again.statusCode() == 410
        new JsonSlurper().parse(again.body()).type == '/problems/export-unusable'
        !Files.exists(dataDir.resolve("exports/${ready.id}.zip"))

        and: "each file is there"
        entries.keySet().containsAll(['README.txt', 'account.json', 'profile.json', 'photo.jpg', 'discussion.json', 'help.json',
                                      'peer-sessions.json', 'notifications.json', 'workspaces.json', 'files/Atelier P/notes.txt'])

        and: "with the person's data"
        json(entries, 'account.json').account.email == p.email
        json(entries, 'profile.json').profile.bio == 'Bio de P'
        json(entries, 'profile.json').competences*.competenceSlug == ['mecenat']
        def posts = json(entries, 'discussion.json').posts
        posts*.body == ['Version finale de P']
        posts[0].earlierVersions*.body == ['Premier jet de P']
        json(entries, 'help.json').myMessages*.body == ['Réponse de P']
        json(entries, 'help.json').requestsHelped*.title == ['Demande de O']
        json(entries, 'peer-sessions.json').answers*.answer == ['yes']
        json(entries, 'notifications.json').notifications.find { it.link == '/p' }
        entries['files/Atelier P/notes.txt'] == notes
        def documentFile = entries.keySet().find { it.startsWith('documents/') }
        new String(entries[documentFile], StandardCharsets.UTF_8).contains('Bonjour du document')
        def readme = new String(entries['README.txt'], StandardCharsets.UTF_8)
        readme.contains('Vos données dans Maillage')
        readme.contains('  - help.json')
        readme.contains('Markdown')

        and: "and nothing private of others"
        def everything = entries.findAll { it.key.endsWith('.json') }.values().collect { new String(it, StandardCharsets.UTF_8) }.join('\n')
        !everything.contains('Message privé de O')
        !everything.contains('Conversation d autrui')
        !everything.contains('Besoin confidentiel')
        !everything.contains('Pour O seulement')
        !everything.contains(o.email)
    }

    def "a guest's export is in English when English is their language"() {
        given:
        def guest = person('guest')
        assert guest.client.patch('/api/me', [language: 'en']).status == 200

        when:
        def ready = readyExport(guest.client)
        def entries = unzip(fetch(guest.client, ready.downloadUrl as String).body())

        then:
        new String(entries['README.txt'], StandardCharsets.UTF_8).startsWith('Your data in Maillage')
        json(entries, 'account.json').account.role == 'guest'
        json(entries, 'discussion.json').posts == []
        json(entries, 'workspaces.json').memberships == []
    }

    def "one export at a time, and a few a day"() {
        given:
        def p = person()

        when:
        def first = p.client.post('/api/me/exports', [:])
        def second = p.client.post('/api/me/exports', [:])

        then:
        first.status == 202
        second.status == 409
        second.problem

        when: "two more were asked today already"
        exec("DELETE FROM privacy_export WHERE user_id = ?", p.id)
        2.times { exec("INSERT INTO privacy_export (id, user_id, status, requested_at) VALUES (gen_random_uuid(), ?, 'downloaded', ?)",
                p.id, java.sql.Timestamp.from(clock.instant())) }
        3.times { exec("INSERT INTO privacy_export (id, user_id, status, requested_at) VALUES (gen_random_uuid(), ?, 'downloaded', ?)",
                p.id, java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(25)))) }
        def third = p.client.post('/api/me/exports', [:])
        exec("INSERT INTO privacy_export (id, user_id, status, requested_at) VALUES (gen_random_uuid(), ?, 'downloaded', ?)",
                p.id, java.sql.Timestamp.from(clock.instant()))
        exec("UPDATE privacy_export SET status = 'downloaded' WHERE user_id = ? AND status IN ('pending', 'ready')", p.id)
        def fourth = p.client.post('/api/me/exports', [:])

        then: "the third of the day is accepted, the fourth is refused (yesterday's do not count)"
        third.status == 202
        fourth.status == 429
        fourth.json.type == '/problems/too-many-attempts'
    }

    def "an export not downloaded in time expires: the link is refused and the file deleted"() {
        given:
        def p = person()
        def ready = readyExport(p.client)
        Path file = dataDir.resolve("exports/${ready.id}.zip")
        assert Files.exists(file)

        when:
        clock.advance(Duration.ofHours(24).plusMinutes(1))
        def late = fetch(p.client, ready.downloadUrl as String)

        then:
        late.statusCode() == 410
        new PollingConditions(timeout: 10).eventually {
            assert !Files.exists(file)
            assert p.client.get('/api/me/exports').json.latest.status == 'expired'
        }
        p.client.post('/api/me/exports', [:]).status == 202
    }

    def "deleting the account while an export is asked or ready leaves neither row nor file"() {
        given:
        def asking = person()
        def holding = person()
        def asked = asking.client.post('/api/me/exports', [:])
        assert asked.status == 202
        def ready = readyExport(holding.client)

        when: "both delete their account, one while the job may be building"
        def first = asking.client.post('/api/me/deletion', [password: Accounts.PASSWORD, confirmation: 'SUPPRIMER', posts: 'keep'])
        def second = holding.client.post('/api/me/deletion', [password: Accounts.PASSWORD, confirmation: 'SUPPRIMER', posts: 'keep'])
        Thread.sleep(1000) // a few ticks of the job

        then:
        first.status == 204
        second.status == 204
        count('SELECT count(*) FROM privacy_export WHERE user_id IN (?, ?)', asking.id, holding.id) == 0
        !Files.exists(dataDir.resolve("exports/${ready.id}.zip"))
        !Files.exists(dataDir.resolve("exports/${asked.json.id}.zip"))
        count('SELECT count(*) FROM notification WHERE recipient_id IN (?, ?)', asking.id, holding.id) == 0
    }
}
