package fr.maillage.workspace

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
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
import java.security.MessageDigest
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.zip.CRC32
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

import static fr.maillage.workspace.WorkspaceFixtures.idOf

/**
 * Files and links of a workspace on one node, against real PostgreSQL and a real data
 * directory: bytes in, the same bytes out with their checksum; limits of size, type and count
 * (also under concurrent uploads); who may do what; damaged content never served; live events.
 */
class WorkspaceFilesSpec extends Specification {
    static final int MAX_FILE = 100_000   // above the 64 KiB of a JSON body: this route streams
    static final int MAX_FILES = 3

    @Shared
    Path dataDir = Files.createTempDirectory('maillage-files-spec')
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: [
            'maillage.data-dir'                        : dataDir.toString(),
            'maillage.workspace.max-file-bytes'        : MAX_FILE,
            'maillage.workspace.max-files-per-workspace': MAX_FILES,
            'maillage.workspace.max-links-per-workspace': 2])
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient ana = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient bruno = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient outsider = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient guest = Accounts.invited(app, admin, 'guest')
    def conditions = new PollingConditions(timeout: 10)

    def cleanupSpec() {
        dataDir?.toFile()?.deleteDir()
    }

    /** A workspace of ana's with bruno and the guest in it. */
    Map workspace() {
        def reply = ana.post('/api/workspaces', [name: 'Kit tiers-lieu', purpose: 'Rassembler les pièces'])
        assert reply.status == 201: reply.toString()
        ana.send('PUT', "/api/workspaces/${reply.json.id}/members/${idOf(bruno)}", null)
        ana.send('PUT', "/api/workspaces/${reply.json.id}/members/${idOf(guest)}", null)
        reply.json as Map
    }

    static HttpResponse<String> upload(ApiClient client, Object wsId, String name, byte[] bytes, Map options = [:]) {
        client.primed()
        String query = name == null ? '' : '?name=' + URLEncoder.encode(name, StandardCharsets.UTF_8).replace('+', '%20')
        def builder = HttpRequest.newBuilder(URI.create("${client.baseUrl}/api/workspaces/${wsId}/files${query}"))
                .header('Content-Type', options.type ?: 'application/octet-stream')
                .header('X-CSRF-Token', client.cookie('maillage_csrf'))
        if (options.key) {
            builder.header('Idempotency-Key', options.key as String)
        }
        // no Content-Length: the body goes in chunks and only counting can stop it
        def body = options.chunked ? HttpRequest.BodyPublishers.ofInputStream { new ByteArrayInputStream(bytes) }
                : HttpRequest.BodyPublishers.ofByteArray(bytes)
        client.http.send(builder.POST(body).build(), HttpResponse.BodyHandlers.ofString())
    }

    static Map uploaded(ApiClient client, Object wsId, String name, byte[] bytes) {
        def reply = upload(client, wsId, name, bytes)
        assert reply.statusCode() == 201: "${reply.statusCode()} ${reply.body()}"
        new groovy.json.JsonSlurper().parseText(reply.body()) as Map
    }

    static HttpResponse<byte[]> download(ApiClient client, String url) {
        client.http.send(HttpRequest.newBuilder(URI.create(client.baseUrl + url)).build(), HttpResponse.BodyHandlers.ofByteArray())
    }

    static String sha256(byte[] bytes) {
        HexFormat.of().formatHex(MessageDigest.getInstance('SHA-256').digest(bytes))
    }

    static byte[] withHead(List<Integer> head, int size, long seed = size) {
        byte[] bytes = new byte[size]
        new Random(seed).nextBytes(bytes)
        head.eachWithIndex { int b, int i -> bytes[i] = (byte) b }
        bytes
    }

    static byte[] pdf(int size = 2_000, long seed = size) { withHead('%PDF-1.7\n'.bytes.collect { it as int }, size, seed) }

    static byte[] png(int size = 2_000) { withHead([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size) }

    static byte[] jpeg() { withHead([0xff, 0xd8, 0xff, 0xe0], 1_500) }

    static byte[] gif() { withHead('GIF89a'.bytes.collect { it as int }, 800) }

    static byte[] webp() { withHead('RIFF'.bytes.collect { it as int } + [0, 0, 0, 0] + 'WEBP'.bytes.collect { it as int }, 900) }

    /** A zip whose first entry is stored as given (ODF packages start with an uncompressed "mimetype"). */
    static byte[] zip(String firstName, String firstContent, String manifest = '<manifest/>') {
        def out = new ByteArrayOutputStream()
        new ZipOutputStream(out).withCloseable { zip ->
            byte[] first = firstContent.getBytes(StandardCharsets.US_ASCII)
            def entry = new ZipEntry(firstName)
            entry.method = ZipEntry.STORED
            entry.size = first.length
            def crc = new CRC32()
            crc.update(first)
            entry.crc = crc.value
            zip.putNextEntry(entry)
            zip.write(first)
            zip.closeEntry()
            zip.putNextEntry(new ZipEntry('META-INF/manifest.xml'))
            zip.write(manifest.bytes)
            zip.closeEntry()
        }
        out.toByteArray()
    }

    long rows(String sql, Object arg) {
        def jdbc = app.bean(JdbcOperations)
        app.bean(TransactionOperations).executeRead { status ->
            jdbc.prepareStatement(sql) { ps ->
                ps.setObject(1, arg instanceof String && arg ==~ /[0-9a-f-]{36}/ ? UUID.fromString(arg) : arg)
                def rs = ps.executeQuery()
                rs.next()
                rs.getLong(1)
            }
        } as long
    }

    long fileRows(Map ws) {
        rows('SELECT count(*) FROM workspace_file WHERE workspace_id = ?', ws.id)
    }

    Path blob(String sha) {
        dataDir.resolve('files').resolve(sha.substring(0, 2)).resolve(sha)
    }

    List<Path> temporaryFiles() {
        Path tmp = dataDir.resolve('files/tmp')
        Files.isDirectory(tmp) ? Files.list(tmp).withCloseable { it.toList() } : []
    }

    def "a member uploads a file over 64 KiB and another member downloads the same bytes as an attachment with their checksum"() {
        given:
        def ws = workspace()
        byte[] bytes = pdf(MAX_FILE)   // exactly at the limit, and over a JSON body's 64 KiB

        when:
        def file = uploaded(ana, ws.id, 'Compte rendu été "final".pdf', bytes)
        def fetched = download(bruno, file.url as String)

        then:
        file.name == 'Compte rendu été "final".pdf'
        file.mediaType == 'application/pdf'
        file.size == MAX_FILE
        file.sha256 == sha256(bytes)
        file.uploadedBy == idOf(ana).toString()
        fetched.statusCode() == 200
        fetched.body() == bytes
        fetched.headers().firstValue('Content-Type').get().startsWith('application/pdf')
        fetched.headers().firstValue('Content-Disposition').get() ==
                'attachment; filename="Compte rendu _t_ _final_.pdf"; filename*=UTF-8\'\'Compte%20rendu%20%C3%A9t%C3%A9%20%22final%22.pdf'
        fetched.headers().firstValue('X-Content-Type-Options').get() == 'nosniff'
        fetched.headers().firstValue('ETag').get() == "\"${sha256(bytes)}\""
        fetched.headers().firstValue('Repr-Digest').get() ==
                "sha-256=:${Base64.encoder.encodeToString(MessageDigest.getInstance('SHA-256').digest(bytes))}:"
        Files.readAllBytes(blob(file.sha256 as String)) == bytes
        temporaryFiles().isEmpty()

        and: "it is listed, with the limits"
        def page = guest.get("/api/workspaces/${ws.id}/files").json
        page.files*.id == [file.id]
        page.stream == ws.stream
        page.limits.maxFileBytes == MAX_FILE
        page.limits.maxFiles == MAX_FILES
        page.limits.allowedTypes.containsAll(['pdf', 'odt', 'docx', 'png', 'md'])
    }

    def "a .#extension file with the right content is accepted and served as #mediaType"() {
        given:
        def ws = workspace()

        when:
        def file = uploaded(bruno, ws.id, "pièce.${extension}", bytes)

        then:
        file.mediaType == mediaType
        download(ana, file.url as String).body() == bytes

        where:
        extension | bytes                                                            || mediaType
        'png'     | png()                                                            || 'image/png'
        'jpg'     | jpeg()                                                           || 'image/jpeg'
        'gif'     | gif()                                                            || 'image/gif'
        'webp'    | webp()                                                           || 'image/webp'
        'odt'     | zip('mimetype', 'application/vnd.oasis.opendocument.text')       || 'application/vnd.oasis.opendocument.text'
        'ods'     | zip('mimetype', 'application/vnd.oasis.opendocument.spreadsheet') || 'application/vnd.oasis.opendocument.spreadsheet'
        'docx'    | zip('[Content_Types].xml', '<Types/>')                           || 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        'xlsx'    | zip('[Content_Types].xml', '<Types/>')                           || 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        'txt'     | 'Bonjour à tous\n'.getBytes(StandardCharsets.UTF_8)              || 'text/plain'
        'csv'     | 'Nom;Région\nAnaïs;Bretagne\n'.getBytes('windows-1252')          || 'text/csv'
        'md'      | '# Kit\n\n- pièce 1\n'.getBytes(StandardCharsets.UTF_8)          || 'text/markdown'
    }

    def "#why is refused with 415 and nothing is kept"() {
        given:
        def ws = workspace()

        when:
        def reply = upload(ana, ws.id, name, bytes)

        then:
        reply.statusCode() == 415
        reply.headers().firstValue('Content-Type').get().startsWith('application/problem+json')
        reply.body().contains('/problems/unsupported-media-type')
        fileRows(ws) == 0
        !Files.exists(blob(sha256(bytes)))

        where:
        why                          | name             | bytes
        'a forbidden type'           | 'setup.exe'      | withHead([0x4d, 0x5a], 500)
        'a name without extension'   | 'rapport'        | pdf(2_012)
        'a PNG named .pdf'           | 'rapport.pdf'    | png(2_001)
        'a PDF named .png'           | 'photo.png'      | pdf(2_013)
        'a plain zip named .odt'     | 'kit.odt'        | zip('content.xml', '<x/>', '<refused/>')
        'a spreadsheet named .odt'   | 'kit.odt'        | zip('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', '<refused/>')
        'a PDF named .docx'          | 'kit.docx'       | pdf(2_014)
        'binary bytes named .txt'    | 'notes.txt'      | withHead([0x41, 0x00, 0x42], 300)
        'a PDF named .md'            | 'notes.md'       | pdf(2_015)
        'an HTML page named .gif'    | 'image.gif'      | '<html><script>alert(1)</script></html>'.bytes
    }

    def "an upload over the size limit is refused with 413 (#how) and nothing is kept"() {
        given:
        def ws = workspace()
        byte[] bytes = pdf(size, 7)

        when:
        def reply = upload(ana, ws.id, 'gros.pdf', bytes, [chunked: chunked])

        then:
        reply.statusCode() == 413
        reply.headers().firstValue('Content-Type').get().startsWith('application/problem+json')
        reply.body().contains('/problems/payload-too-large')
        fileRows(ws) == 0
        !Files.exists(blob(sha256(bytes)))
        temporaryFiles().isEmpty()

        where:
        how                                   | size          | chunked
        'its declared length says so'         | MAX_FILE + 1  | false
        'counted while streaming, one over'   | MAX_FILE + 1  | true
        'counted while streaming, far over'   | MAX_FILE * 3  | true
    }

    def "an empty file or a missing name is a validation problem"() {
        given:
        def ws = workspace()

        expect:
        upload(ana, ws.id, 'vide.txt', new byte[0]).statusCode() == 400
        upload(ana, ws.id, null, pdf()).statusCode() == 400
        upload(ana, ws.id, '../', pdf()).statusCode() == 400
        fileRows(ws) == 0
    }

    def "a path in the name is dropped and invisible characters are removed"() {
        given:
        def ws = workspace()

        expect:
        uploaded(ana, ws.id, '../../etc/rapport\u202Etxt.pdf', pdf(2_500)).name == 'rapporttxt.pdf'
    }

    def "a JSON body over 64 KiB is still refused on every other route"() {
        given:
        def ws = workspace()

        when:
        def reply = ana.post("/api/workspaces/${ws.id}/links", [url: 'https://example.org', title: 'x' * (70 * 1024)])

        then:
        reply.status == 413
        reply.json.type == '/problems/payload-too-large'
        ana.get("/api/workspaces/${ws.id}/files").json.links == []
    }

    def "a workspace holds a limited number of files; a removed one frees its place"() {
        given:
        def ws = workspace()
        def files = (1..MAX_FILES).collect { uploaded(ana, ws.id, "piece-${it}.pdf", pdf(1_000 + it)) }

        when:
        def refused = upload(ana, ws.id, 'une-de-trop.pdf', pdf(3_333))

        then:
        refused.statusCode() == 409
        refused.body().contains('/problems/conflict')
        fileRows(ws) == MAX_FILES

        when:
        def removed = ana.delete("/api/workspaces/${ws.id}/files/${files[0].id}")

        then:
        removed.status == 204
        upload(ana, ws.id, 'une-de-trop.pdf', pdf(3_333)).statusCode() == 201
        ana.get("/api/workspaces/${ws.id}/files").json.files*.name == ['piece-2.pdf', 'piece-3.pdf', 'une-de-trop.pdf']
        download(ana, files[0].url as String).statusCode() == 404
    }

    def "concurrent uploads at the files limit never exceed it"() {
        given:
        def ws = workspace()
        (MAX_FILES - 1).times { uploaded(ana, ws.id, "base-${it}.pdf", pdf(2_100 + it)) }
        def pool = Executors.newFixedThreadPool(6)
        def start = new CountDownLatch(1)
        List<byte[]> contents = (1..6).collect { pdf(50_000 + it) }

        when:
        def futures = contents.withIndex().collect { byte[] bytes, int i ->
            pool.submit({ start.await(); upload(i % 2 ? ana : bruno, ws.id, "course-${i}.pdf", bytes).statusCode() } as Callable<Integer>)
        }
        start.countDown()
        def statuses = futures*.get()

        then:
        statuses.count(201) == 1
        statuses.count(409) == 5
        fileRows(ws) == MAX_FILES
        contents.count { Files.exists(blob(sha256(it))) } == 1

        cleanup:
        pool?.shutdownNow()
    }

    def "a retried upload with the same idempotency key adds one file and one event"() {
        given:
        def ws = workspace()
        long seq = ana.get("/api/workspaces/${ws.id}/files").json.seq as long

        when:
        def first = upload(ana, ws.id, 'une-fois.pdf', pdf(4_000), [key: 'upload-key-1'])
        def again = upload(ana, ws.id, 'une-fois.pdf', pdf(4_000), [key: 'upload-key-1'])

        then:
        first.statusCode() == 201
        again.statusCode() == 201
        new groovy.json.JsonSlurper().parseText(again.body()).id == new groovy.json.JsonSlurper().parseText(first.body()).id
        fileRows(ws) == 1
        ana.get("/api/workspaces/${ws.id}/files").json.seq == seq + 1
    }

    def "a damaged file on disk is refused with a 500 problem and never served (#damage)"() {
        given:
        def ws = workspace()
        byte[] bytes = pdf(5_000, 99)
        def file = uploaded(ana, ws.id, 'fragile.pdf', bytes)
        Path stored = blob(file.sha256 as String)

        when:
        change(stored)
        def reply = download(bruno, file.url as String)
        def text = new String(reply.body(), StandardCharsets.ISO_8859_1)

        then:
        reply.statusCode() == 500
        reply.headers().firstValue('Content-Type').get().startsWith('application/problem+json')
        text.contains('/problems/internal')
        text.contains('errorId')
        !text.contains('%PDF')

        where:
        damage          | change
        'one byte flip' | { Path p -> byte[] b = Files.readAllBytes(p); b[4000] = (byte) (b[4000] ^ 1); Files.write(p, b) }
        'truncated'     | { Path p -> Files.write(p, Arrays.copyOf(Files.readAllBytes(p), 4000)) }
        'missing'       | { Path p -> Files.delete(p) }
    }

    def "#who may not #what"() {
        given:
        def ws = workspace()
        def file = uploaded(ana, ws.id, 'de-ana.pdf', pdf(6_000))
        def link = ana.post("/api/workspaces/${ws.id}/links", [url: 'https://example.org/ana', title: 'Ana']).json
        Map clients = [guest: guest, outsider: outsider]
        String target = path?.replace('WS', ws.id as String)?.replace('FILE', file.id as String)?.replace('LINK', link.id as String)

        when:
        def reply = method == 'UPLOAD' ? upload(clients[who], ws.id, 'x.pdf', pdf(700)) : null
        int status = reply ? reply.statusCode() : clients[who].send(method, target, body).status

        then:
        status == expected
        fileRows(ws) == 1
        ana.get("/api/workspaces/${ws.id}/files").json.links.size() == 1

        where:
        who        | what                       | method   | path                | body                                      || expected
        'outsider' | 'list the files'           | 'GET'    | '/api/workspaces/WS/files'       | null                         || 404
        'outsider' | 'upload a file'            | 'UPLOAD' | null                | null                                      || 404
        'outsider' | 'download a file'          | 'GET'    | '/api/workspaces/WS/files/FILE'  | null                         || 404
        'outsider' | 'remove a file'            | 'DELETE' | '/api/workspaces/WS/files/FILE'  | null                         || 404
        'outsider' | 'add a link'               | 'POST'   | '/api/workspaces/WS/links'       | [url: 'https://x.org', title: 'x'] || 404
        'outsider' | 'remove a link'            | 'DELETE' | '/api/workspaces/WS/links/LINK'  | null                         || 404
        'guest'    | 'remove a member\'s file'  | 'DELETE' | '/api/workspaces/WS/files/FILE'  | null                         || 403
        'guest'    | 'remove a member\'s link'  | 'DELETE' | '/api/workspaces/WS/links/LINK'  | null                         || 403
    }

    def "a guest uploads, downloads and removes their own file; any non-guest member removes anyone's"() {
        given:
        def ws = workspace()
        def mine = uploaded(guest, ws.id, 'invite.pdf', pdf(1_234))
        def other = uploaded(guest, ws.id, 'autre.pdf', pdf(1_235))
        def link = guest.post("/api/workspaces/${ws.id}/links", [url: 'https://example.org/guest', title: 'Guest']).json

        expect:
        download(guest, mine.url as String).statusCode() == 200
        guest.delete("/api/workspaces/${ws.id}/files/${mine.id}").status == 204
        guest.delete("/api/workspaces/${ws.id}/files/${mine.id}").status == 404
        bruno.delete("/api/workspaces/${ws.id}/files/${other.id}").status == 204
        bruno.delete("/api/workspaces/${ws.id}/links/${link.id}").status == 204
        ana.get("/api/workspaces/${ws.id}/files").json.files == []
        ana.get("/api/workspaces/${ws.id}/files").json.links == []
        rows('SELECT count(*) FROM workspace_file WHERE workspace_id = ? AND removed_at IS NOT NULL', ws.id) == 2
    }

    def "a link is added with its title, listed and removed"() {
        given:
        def ws = workspace()

        when:
        def link = bruno.post("/api/workspaces/${ws.id}/links", [url: ' https://example.org/kit?page=2#ici ', title: '  Le kit  '])

        then:
        link.status == 201
        link.json.url == 'https://example.org/kit?page=2#ici'
        link.json.title == 'Le kit'
        ana.get("/api/workspaces/${ws.id}/files").json.links*.id == [link.json.id]

        when:
        bruno.post("/api/workspaces/${ws.id}/links", [url: 'http://example.org/2', title: 'Deux'])
        def third = bruno.post("/api/workspaces/${ws.id}/links", [url: 'http://example.org/3', title: 'Trois'])

        then: "at most two links in this spec's configuration"
        third.status == 409

        when: "another member removes the first link, then one is added twice with the same idempotency key"
        assert ana.delete("/api/workspaces/${ws.id}/links/${link.json.id}").status == 204
        def once = ana.post("/api/workspaces/${ws.id}/links", [url: 'https://example.org/once', title: 'Une fois', idempotencyKey: 'link-key-1'])
        def again = ana.post("/api/workspaces/${ws.id}/links", [url: 'https://example.org/once', title: 'Une fois', idempotencyKey: 'link-key-1'])

        then: "answers the first link and adds nothing"
        once.status == 201
        again.status == 201
        again.json.id == once.json.id
        ana.get("/api/workspaces/${ws.id}/files").json.links*.title == ['Deux', 'Une fois']

        when:
        def removed = ana.delete("/api/workspaces/${ws.id}/links/${once.json.id}")

        then:
        removed.status == 204
        ana.get("/api/workspaces/${ws.id}/files").json.links*.title == ['Deux']
    }

    def "a link to #url titled '#title' is refused"() {
        given:
        def ws = workspace()

        when:
        def reply = ana.post("/api/workspaces/${ws.id}/links", [url: url, title: title])

        then:
        reply.status == 400
        reply.json.type == '/problems/validation'
        reply.json.violations*.field.any { it.endsWith(field) }
        ana.get("/api/workspaces/${ws.id}/files").json.links == []

        where:
        url                                  | title     || field
        'javascript:alert(document.cookie)'  | 'Piège'   || 'url'
        'JavaScript:alert(1)'                | 'Piège'   || 'url'
        'data:text/html,<script>x</script>'  | 'Piège'   || 'url'
        'ftp://example.org/kit'              | 'FTP'     || 'url'
        'https://'                           | 'Vide'    || 'url'
        '//example.org/kit'                  | 'Relatif' || 'url'
        'https://user:secret@example.org'    | 'Secret'  || 'url'
        'https://exa mple.org'               | 'Espace'  || 'url'
        'https://example.org/' + 'a' * 2000  | 'Long'    || 'url'
        'https://example.org'                | '   '     || 'title'
        'https://example.org'                | 'x' * 201 || 'title'
    }

    def "another member's open page hears of files and links as they come and go"() {
        given:
        def ws = workspace()
        def reader = LiveClient.connect(app.baseUrl, bruno)
        long seq = bruno.get("/api/workspaces/${ws.id}/files").json.seq as long
        assert reader.answer(reader.subscribe(ws.stream as String, seq)).type == 'ack'

        when:
        def file = uploaded(ana, ws.id, 'direct.pdf', pdf(2_222))
        def link = ana.post("/api/workspaces/${ws.id}/links", [url: 'https://example.org/live', title: 'En direct']).json
        ana.delete("/api/workspaces/${ws.id}/files/${file.id}")
        ana.delete("/api/workspaces/${ws.id}/links/${link.id}")

        then:
        conditions.eventually {
            assert reader.eventsOf(ws.stream as String)*.type == ['workspace.file_added', 'workspace.link_added',
                                                                  'workspace.file_removed', 'workspace.link_removed']
        }
        def events = reader.eventsOf(ws.stream as String)
        events[0].file.id == file.id
        events[0].file.sha256 == file.sha256
        events[0].file.url == file.url
        events[1].link.title == 'En direct'
        events[2].fileId == file.id
        events[3].linkId == link.id
        reader.anomalies.isEmpty()

        and: "an outsider cannot follow that stream"
        def intruder = LiveClient.connect(app.baseUrl, outsider)
        intruder.answer(intruder.subscribe(ws.stream as String, 0)).type == 'error'

        cleanup:
        reader?.close()
        intruder?.close()
    }
}
