package fr.maillage.support

import java.util.concurrent.TimeUnit

/**
 * A Redis process of this spec's own (never the machine's shared one), on a fixed free port so
 * it can be killed and started again at the same address.
 */
class PrivateRedis implements AutoCloseable {
    final int port = TestApp.freePort()
    private Process process

    String getUri() { "redis://127.0.0.1:${port}".toString() }

    PrivateRedis start() {
        process = new ProcessBuilder('/usr/bin/redis-server', '--port', port as String, '--bind', '127.0.0.1',
                '--save', '', '--appendonly', 'no', '--daemonize', 'no')
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
        long deadline = System.currentTimeMillis() + 10_000
        while (!answersPing()) {
            assert process.alive: 'redis-server exited at start'
            assert System.currentTimeMillis() < deadline: "redis-server did not answer on ${port}"
            Thread.sleep(20)
        }
        this
    }

    /** SIGKILL: no goodbye to the clients, like a crashed Redis. */
    void kill() {
        process.destroyForcibly()
        assert process.waitFor(10, TimeUnit.SECONDS)
        assert !answersPing()
    }

    boolean answersPing() {
        try {
            new Socket('127.0.0.1', port).withCloseable { s ->
                s.soTimeout = 1000
                s.outputStream.write('PING\r\n'.bytes)
                s.outputStream.flush()
                byte[] buf = new byte[7]
                int n = s.inputStream.read(buf)
                return n > 0 && new String(buf, 0, n).startsWith('+PONG')
            }
        } catch (IOException ignored) {
            return false
        }
    }

    @Override
    void close() {
        process?.destroyForcibly()
        process?.waitFor(10, TimeUnit.SECONDS)
    }
}
