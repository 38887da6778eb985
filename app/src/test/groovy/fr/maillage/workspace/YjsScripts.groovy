package fr.maillage.workspace

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.util.concurrent.TimeUnit

/**
 * Runs web-client/test-support/yjs-clients.mjs (headless clients on the real yjs package)
 * the way BrowserSpec runs node, and reads the JSON line it prints.
 */
class YjsScripts {
    static final File WEB_CLIENT = new File(System.getProperty('maillage.webClientDir', '../web-client')).canonicalFile

    static Map run(String mode, Map config, int timeoutSeconds = 180) {
        assert new File(WEB_CLIENT, 'node_modules/yjs').isDirectory(): 'run npm ci in web-client first'
        def process = new ProcessBuilder('node', 'test-support/yjs-clients.mjs', mode)
                .directory(WEB_CLIENT)
                .tap { environment().put('MAILLAGE_YJS', JsonOutput.toJson(config)) }
                .start()
        def out = new StringBuilder()
        def err = new StringBuilder()
        def readers = [Thread.start { out.append(process.inputStream.text) }, Thread.start { err.append(process.errorStream.text) }]
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS)
        if (!finished) {
            process.destroyForcibly()
        }
        readers*.join(5000)
        assert finished: "yjs-clients ${mode} timed out: ${err}"
        assert process.exitValue() == 0: "yjs-clients ${mode} failed: ${err}"
        if (err) {
            System.err.println("[yjs-clients ${mode}] ${err}")
        }
        new JsonSlurper().parseText(out.toString().readLines().last()) as Map
    }

    /** Starts a run in the background; join() answers its result. */
    static Thread start(String mode, Map config, Map resultHolder, int timeoutSeconds = 180) {
        Thread.start {
            try {
                resultHolder.putAll(run(mode, config, timeoutSeconds))
            } catch (Throwable t) {
                resultHolder.failure = t.toString()
            }
        }
    }

    /** The Cookie header of a signed-in client: its session, and the CSRF cookie its writes echo. */
    static String cookies(fr.maillage.support.ApiClient client) {
        if (client.cookie('maillage_csrf') == null) {
            client.primed()
        }
        "maillage_session=${client.cookie('maillage_session')}; maillage_csrf=${client.cookie('maillage_csrf')}"
    }
}
