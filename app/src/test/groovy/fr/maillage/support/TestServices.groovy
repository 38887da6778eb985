package fr.maillage.support

import groovy.transform.CompileStatic
import org.testcontainers.DockerClientFactory
import org.testcontainers.containers.GenericContainer
import org.testcontainers.containers.PostgreSQLContainer

import java.sql.DriverManager
import java.util.concurrent.ConcurrentLinkedQueue

/**
 * The real PostgreSQL and Redis the specs talk to. Testcontainers starts them when a Docker
 * engine answers; otherwise the machine's loopback services are used (PostgreSQL on
 * 127.0.0.1:5432 with trust auth, Redis on 127.0.0.1:6379). Every app instance gets a fresh
 * database and its own Redis key prefix, so runs and specs never see each other's data.
 */
@CompileStatic
final class TestServices {
    private static String adminUrl
    private static String user = 'postgres'
    private static String password = ''
    private static String redisUri
    private static final ConcurrentLinkedQueue<String> CREATED = new ConcurrentLinkedQueue<>()
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(new Random().nextInt(1296), 36)
    private static int counter = 0

    private TestServices() {}

    static synchronized void init() {
        if (adminUrl != null) {
            return
        }
        if (dockerAnswers()) {
            def pg = new PostgreSQLContainer('postgres:17-alpine')
            pg.start()
            def redis = new GenericContainer('redis:7-alpine').withExposedPorts(6379)
            redis.start()
            adminUrl = pg.jdbcUrl
            user = pg.username
            password = pg.password
            redisUri = "redis://${redis.host}:${redis.getMappedPort(6379)}"
        } else {
            adminUrl = System.getenv('MAILLAGE_TEST_POSTGRES_URL') ?: 'jdbc:postgresql://127.0.0.1:5432/postgres'
            user = System.getenv('MAILLAGE_TEST_POSTGRES_USER') ?: 'postgres'
            redisUri = System.getenv('MAILLAGE_TEST_REDIS_URI') ?: 'redis://127.0.0.1:6379'
        }
        Runtime.runtime.addShutdownHook(new Thread({ dropAll() } as Runnable))
    }

    private static boolean dockerAnswers() {
        if (!new File('/var/run/docker.sock').exists() && !System.getenv('DOCKER_HOST')) {
            return false
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable()
        } catch (Throwable ignored) {
            return false
        }
    }

    /** A new, empty database; Flyway migrates it when the app starts. */
    static synchronized String freshDatabase() {
        init()
        String name = "maillage_t_${RUN}_${++counter}".toLowerCase()
        DriverManager.getConnection(adminUrl, user, password).withCloseable { c ->
            c.createStatement().withCloseable { it.execute("CREATE DATABASE ${name}".toString()) }
        }
        CREATED.add(name)
        adminUrl.replaceFirst(~/\/[^\/?]+(\?|$)/, "/${name}\$1")
    }

    static String redisUri() {
        init()
        redisUri
    }

    static String user() { init(); user }

    static String password() { init(); password }

    static String uniquePrefix() {
        "maillage-test:${RUN}:${UUID.randomUUID().toString().substring(0, 8)}:"
    }

    private static void dropAll() {
        try {
            DriverManager.getConnection(adminUrl, user, password).withCloseable { c ->
                CREATED.each { name ->
                    try {
                        c.createStatement().withCloseable { it.execute("DROP DATABASE IF EXISTS ${name} WITH (FORCE)".toString()) }
                    } catch (Exception ignored) {
                        // best effort: a leftover test database is harmless and uniquely named
                    }
                }
            }
        } catch (Exception ignored) {
        }
    }
}
