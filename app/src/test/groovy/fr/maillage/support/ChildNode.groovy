package fr.maillage.support

import fr.maillage.Application

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import java.util.jar.JarFile

/**
 * A Maillage node in a separate JVM, started from this build's classes, so a spec can kill it
 * like a process dies (SIGKILL: no shutdown hook, no close frame). It shares the spec's
 * PostgreSQL database and Redis; its log is kept in a file (printed by {@link #tail}).
 */
class ChildNode implements AutoCloseable {
    final Process process
    final String baseUrl
    final File log
    private final File dataDir
    private final File classes
    private final Thread killer

    private ChildNode(Process process, String baseUrl, File log, File dataDir, File classes, Thread killer) {
        this.process = process
        this.baseUrl = baseUrl
        this.log = log
        this.dataDir = dataDir
        this.classes = classes
        this.killer = killer
    }

    /** Starts a node on {@code databaseUrl} and Redis (with {@code redisPrefix}) and waits for its liveness. */
    static ChildNode start(String databaseUrl, String redisPrefix, String nodeId, int seconds = 60) {
        int port = TestApp.freePort()
        String url = "http://localhost:${port}".toString()
        File log = File.createTempFile("maillage-${nodeId}", '.log')
        File dataDir = Files.createTempDirectory("maillage-${nodeId}-data").toFile()
        File classes = snapshotOf(codeSource(Application))
        String javaBin = new File(System.getProperty('java.home'), 'bin/java').absolutePath
        def builder = new ProcessBuilder(javaBin, '-Xmx384m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
                '-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener',
                '-cp', classpath(classes), 'fr.maillage.Application')
        builder.environment().keySet().removeIf { it.startsWith('MAILLAGE_') }
        builder.environment().putAll([
                MAILLAGE_DATABASE_URL     : databaseUrl,
                MAILLAGE_DATABASE_USER    : TestServices.user(),
                MAILLAGE_DATABASE_PASSWORD: TestServices.password() ?: '',
                MAILLAGE_REDIS_URI        : TestServices.redisUri(),
                MAILLAGE_REDIS_PREFIX     : redisPrefix,
                MAILLAGE_PORT             : port as String,
                MAILLAGE_PUBLIC_URL       : url,
                MAILLAGE_NODE_ID          : nodeId,
                MAILLAGE_DATA_DIR         : dataDir.absolutePath,
        ])
        builder.redirectErrorStream(true).redirectOutput(log)
        Process started = builder.start()
        Thread killer = new Thread({ started.destroyForcibly() } as Runnable, "kill-${nodeId}")
        Runtime.runtime.addShutdownHook(killer)
        def node = new ChildNode(started, url, log, dataDir, classes, killer)
        try {
            node.awaitLiveness(seconds)
        } catch (Throwable t) {
            println "---- ${nodeId}, last log lines ----\n${node.tail()}"
            node.close(true)
            throw t
        }
        node
    }

    /** Polls the liveness probe; a dead process fails at once, with its exit code and log. */
    private void awaitLiveness(int seconds) {
        def http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build()
        def request = HttpRequest.newBuilder(URI.create("${baseUrl}/health/liveness")).timeout(Duration.ofSeconds(2)).build()
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        int last = -1
        while (true) {
            if (!process.alive) {
                throw new IllegalStateException("the node exited with ${process.exitValue()} before answering on ${baseUrl}:\n${tail()}")
            }
            try {
                last = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
            } catch (IOException ignored) {
                last = -1
            }
            if (last == 200) {
                return
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node (pid ${process.pid()}, still running) did not answer 200 on ${baseUrl}/health/liveness " +
                        "within ${seconds} s (last: ${last}):\n${tail()}")
            }
            Thread.sleep(250)
        }
    }

    boolean isAlive() {
        process.alive
    }

    /** SIGKILL; true once the process is gone. */
    boolean kill() {
        if (process.alive) {
            process.destroyForcibly()
        }
        process.waitFor(10, TimeUnit.SECONDS)
    }

    String tail(int lines = 60) {
        log.exists() ? log.readLines().takeRight(lines).join('\n') : '(no log)'
    }

    @Override
    void close() {
        close(true)
    }

    /** Kills the node and removes its files; the log stays when {@code deleteLog} is false (for a look after a failure). */
    void close(boolean deleteLog) {
        kill()
        if (deleteLog) {
            log.delete()
        }
        try {
            Runtime.runtime.removeShutdownHook(killer)
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook runs anyway
        }
        dataDir?.deleteDir()
        classes?.deleteDir()
    }

    // ---- the child's classpath -----------------------------------------------------------

    static File codeSource(Class<?> type) {
        new File(type.protectionDomain.codeSource.location.toURI())
    }

    /**
     * This JVM's test classpath, without the test classes, with the main classes replaced by a
     * private snapshot: other builds compile into target/classes while specs run, and a JVM
     * reading it lazily then misses classes (seen: ClassNotFoundException: fr.maillage.Application).
     * Inside surefire java.class.path may be a manifest-only booter jar: its Class-Path is read then.
     */
    private static String classpath(File classes) {
        String cp = System.getProperty('surefire.test.class.path') ?: System.getProperty('java.class.path')
        List<String> entries = cp.split(File.pathSeparator).findAll { it } as List<String>
        if (entries.size() == 1 && entries[0].endsWith('.jar')) {
            new JarFile(entries[0]).withCloseable { jar ->
                String listed = jar.manifest?.mainAttributes?.getValue('Class-Path')
                if (listed) {
                    URL base = new File(entries[0]).toURI().toURL()
                    entries = listed.trim().split(/\s+/).collect { new File(new URL(base, it).toURI()).path }
                }
            }
        }
        File mainClasses = codeSource(Application).canonicalFile
        File testClasses = codeSource(ChildNode).canonicalFile
        List<String> child = [classes.absolutePath]
        entries.each { entry ->
            File f = new File(entry).canonicalFile
            if (f != mainClasses && f != testClasses) {
                child << entry
            }
        }
        child.join(File.pathSeparator)
    }

    /** A copy of a class directory taken while nothing writes into it (unchanged for 2 s and during the copy). */
    static File snapshotOf(File dir) {
        for (int attempt = 0; attempt < 20; attempt++) {
            long before = newestChange(dir)
            if (System.currentTimeMillis() - before < 2000) {
                Thread.sleep(1000)  // a build is writing into it: wait for it to settle
                continue
            }
            Path copy = Files.createTempDirectory('maillage-node-classes')
            try {
                Path source = dir.toPath()
                Files.walk(source).withCloseable { paths ->
                    paths.forEach { Path p ->
                        Path target = copy.resolve(source.relativize(p).toString())
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target)
                        } else {
                            Files.copy(p, target)
                        }
                    }
                }
                if (newestChange(dir) == before && Files.exists(copy.resolve('fr/maillage/Application.class'))) {
                    return copy.toFile()
                }
            } catch (IOException | UncheckedIOException ignored) {
                // a file vanished under the copy: try again
            }
            copy.toFile().deleteDir()
        }
        throw new IllegalStateException("${dir} kept changing for 20 s (another build compiling into it); no consistent copy for the node")
    }

    static long newestChange(File dir) {
        long newest = dir.lastModified()
        dir.eachFileRecurse { f -> newest = Math.max(newest, f.lastModified()) }
        newest
    }
}
