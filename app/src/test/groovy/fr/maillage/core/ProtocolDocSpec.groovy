package fr.maillage.core

import fr.maillage.core.socket.LiveSocket
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.util.regex.Pattern

/**
 * docs/protocol.md must document every frame the code knows: what clients may send (asked of
 * the running socket), what the server emits and every event type (found in the main sources).
 */
class ProtocolDocSpec extends Specification {
    static final File ROOT = [new File('.'), new File('..')].find { new File(it, 'docs/protocol.md').exists() && new File(it, 'app').isDirectory() }
    static final File MAIN = new File(ROOT, 'app/src/main/java/fr/maillage')
    static final String DOC = new File(ROOT, 'docs/protocol.md').text

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()

    /** `"type", "x"`, `put("type", "x")` and the hand-built `{"type":"x"` of core/socket. */
    static Set<String> serverFrameTypes() {
        Set<String> found = new TreeSet<>()
        javaFiles(new File(MAIN, 'core/socket')).each { File f ->
            String text = f.text
            (text =~ /"type"\s*,\s*"([A-Za-z0-9_.]+)"/).each { found << (it[1] as String) }
            (text =~ /\\"type\\"\s*:\s*\\"([A-Za-z0-9_.]+)\\"/).each { found << (it[1] as String) }
        }
        found
    }

    /** Event types: the literal second argument of every StreamService.append(stream, "type", …). */
    static Set<String> eventTypes() {
        Set<String> found = new TreeSet<>()
        javaFiles(MAIN).each { File f ->
            (f.text =~ /(?s)\.append\(\s*[^;"]*?,\s*"([a-z0-9_]+\.[a-z0-9_.]+)"\s*,/).each { found << (it[1] as String) }
        }
        found
    }

    static List<File> javaFiles(File dir) {
        List<File> files = []
        dir.eachFileRecurse { if (it.name.endsWith('.java')) files << it }
        files
    }

    /** Documented: a `### `name`` heading, or a table cell holding exactly `name`. */
    static boolean documented(String name) {
        String q = Pattern.quote(name)
        DOC =~ /(?m)^###\s+`${q}`\s*$/ || DOC =~ /(?m)\|\s*`${q}`\s*\|/
    }

    def "the scans find the frame and event types every feature relies on"() {
        expect: "a scan that finds nothing would make the other features pass vacuously"
        serverFrameTypes().containsAll(['hello', 'pong', 'ack', 'error', 'event', 'resync', 'typing', 'presence', 'unsubscribed'])
        eventTypes().containsAll(['discussion.thread_created', 'discussion.post_created', 'discussion.post_edited', 'discussion.reaction_changed'])
        app.bean(LiveSocket).clientFrameTypes().containsAll(['ping', 'subscribe', 'unsubscribe', 'typing',
                                                            'discussion.create_thread', 'discussion.reply', 'discussion.edit_post', 'discussion.react'])
    }

    def "the documentation check rejects a name that is only mentioned in passing"() {
        expect:
        !documented('teleport')
        !documented('resyn')
        DOC.contains('`maillage.live.max-replay`') && !documented('maillage.live')
        documented('resync')
    }

    def "every client frame type is documented: #type"() {
        expect:
        documented(type)

        where:
        type << app.bean(LiveSocket).clientFrameTypes()
    }

    def "every server frame type is documented: #type"() {
        expect:
        documented(type)

        where:
        type << serverFrameTypes()
    }

    def "every event type is documented: #type"() {
        expect:
        documented(type)

        where:
        type << eventTypes()
    }
}
