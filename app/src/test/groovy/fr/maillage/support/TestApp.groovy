package fr.maillage.support

import io.micronaut.context.ApplicationContext
import io.micronaut.runtime.server.EmbeddedServer

/**
 * One real Maillage node for a spec: an embedded HTTP server on a free port, against a fresh
 * PostgreSQL database (or a given one, to play a second node or a restart), optionally Redis.
 */
class TestApp implements AutoCloseable {
    final ApplicationContext context
    final EmbeddedServer server
    final String baseUrl
    final String databaseUrl
    final String redisPrefix

    private TestApp(ApplicationContext context, String databaseUrl, String redisPrefix) {
        this.context = context
        this.server = context.getBean(EmbeddedServer)
        this.baseUrl = "http://localhost:${server.port}"
        this.databaseUrl = databaseUrl
        this.redisPrefix = redisPrefix
    }

    /**
     * @param options database (default: a fresh one), redis (default false), redisPrefix,
     *        countStatements (default false: see StatementCounter),
     *        clock (a MutableClock), properties (extra configuration), nodeId
     */
    static TestApp start(Map options = [:]) {
        String database = options.database ?: TestServices.freshDatabase()
        int port = freePort()
        Map<String, Object> props = [
                'micronaut.server.port'     : port,
                'maillage.public-url'       : "http://localhost:${port}".toString(),
                'maillage.database.url'     : database,
                'maillage.database.user'    : TestServices.user(),
                'maillage.database.password': TestServices.password(),
                'maillage.node-id'          : options.nodeId ?: "test-${port}".toString(),
                'datasources.default.maximum-pool-size': 10,
        ]
        String prefix = options.redisPrefix ?: TestServices.uniquePrefix()
        if (options.redis) {
            props['redis.uri'] = TestServices.redisUri()
            props['maillage.redis.uri'] = TestServices.redisUri()
            props['maillage.redis.prefix'] = prefix
        }
        if (options.countStatements) {
            // Same database, through StatementCounter's driver (it counts each thread's statements).
            props['datasources.default.url'] = StatementCounter.url(database)
            props['datasources.default.driver-class-name'] = StatementCounter.name
        }
        props.putAll((options.properties ?: [:]) as Map<String, Object>)
        def builder = ApplicationContext.builder().properties(props).environments('test')
        if (options.clock) {
            builder.singletons(options.clock)
        }
        ApplicationContext context = builder.start()
        context.getBean(EmbeddedServer).start()
        new TestApp(context, database, prefix)
    }

    /** A browser-like client of this node: its own cookie jar, CSRF header echoed. */
    ApiClient client() {
        new ApiClient(baseUrl)
    }

    def <T> T bean(Class<T> type) {
        context.getBean(type)
    }

    static int freePort() {
        new ServerSocket(0).withCloseable { it.localPort }
    }

    @Override
    void close() {
        if (context.running) {
            context.close()
        }
    }
}
