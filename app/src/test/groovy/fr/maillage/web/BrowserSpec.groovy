package fr.maillage.web

import fr.maillage.identity.InvitationService
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.util.concurrent.TimeUnit

/**
 * The browser walks of web-client/e2e, run in Debian's Chromium (playwright-core, axe-core)
 * against a real node: the production web client served by the app, a fresh database, and
 * a new first-administrator link per walk.
 */
class BrowserSpec extends Specification {
    static final File WEB_CLIENT = new File(System.getProperty('maillage.webClientDir', '../web-client')).canonicalFile
    static final File CHROMIUM = new File(System.getenv('MAILLAGE_CHROMIUM') ?: '/usr/bin/chromium')

    @Shared
    @AutoCleanup
    // The export job looks every second (10 s by default), so the gdpr walk sees its export ready quickly.
    TestApp app = TestApp.start(properties: ['maillage.privacy.export-poll-interval': '1s',
                                             'maillage.data-dir': java.nio.file.Files.createTempDirectory('maillage-browser').toString()])

    def setupSpec() {
        assert CHROMIUM.canExecute(): "Debian chromium is needed for the browser tests (.ci/run installs it)"
        assert new File(WEB_CLIENT, 'node_modules/playwright-core').isDirectory(): "run the web-client build first (npm ci)"
        assert getClass().getResource('/public/index.html') != null: "the web client build must be packaged under public/"
    }

    /**
     * Walks that spend most of their time waiting on the clock (the sessions walk waits for its
     * session's room to open) start at once in the background, beside the others, rather than
     * holding the suite up on their own.
     */
    static final List<String> HEAD_START = ['sessions.test.mjs']
    @Shared
    Map<String, Run> started = [:]
    @Shared
    boolean headStarted = false

    static class Run {
        Process process
        StringBuilder output = new StringBuilder()
        Thread reader
    }

    Run start(String walk) {
        String adminLink = app.bean(InvitationService).createAdministratorInvitation()
        def run = new Run()
        run.process = new ProcessBuilder('node', '--test', '--test-reporter=spec', "e2e/${walk}")
                .directory(WEB_CLIENT)
                .redirectErrorStream(true)
                .tap {
                    environment().put('MAILLAGE_BASE_URL', app.baseUrl)
                    environment().put('MAILLAGE_ADMIN_INVITE_URL', adminLink)
                    environment().put('MAILLAGE_CHROMIUM', CHROMIUM.path)
                }
                .start()
        run.reader = Thread.start { run.process.inputStream.eachLine { line -> run.output.append(line).append('\n'); println "[${walk}] ${line}" } }
        run
    }

    def "browser walk #walk passes, keyboard only, with no accessibility violation"() {
        given:
        if (!headStarted) {
            headStarted = true
            walks().findAll { it in HEAD_START }.each { started[it] = start(it) }
        }

        when:
        Run run = started.remove(walk) ?: start(walk)
        boolean finished = run.process.waitFor(6, TimeUnit.MINUTES)
        if (!finished) {
            run.process.destroyForcibly()
        }
        run.reader.join(5000)

        then:
        finished
        run.process.exitValue() == 0

        where:
        // -Dmaillage.e2e=<name> runs only e2e/<name>.test.mjs
        walk << walks()
    }

    /** Every walk, or only e2e/<name>.test.mjs with -Dmaillage.e2e=<name>. */
    static List<String> walks() {
        new File(WEB_CLIENT, 'e2e').listFiles().findAll { it.name.endsWith('.test.mjs') }*.name.sort()
                .findAll { !System.getProperty('maillage.e2e') || it == "${System.getProperty('maillage.e2e')}.test.mjs" }
    }
}
