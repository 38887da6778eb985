package fr.maillage;

import fr.maillage.core.db.EmbeddedDatabase;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

@OpenAPIDefinition(info = @Info(title = "Maillage", version = "0.1",
        description = "Peer-exchange platform for France's catalyseurs territoriaux. See docs/api.md.",
        license = @License(name = "AGPL-3.0-or-later")))
public class Application {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    public static void main(String[] args) {
        Map<String, Object> properties = new HashMap<>(startupProperties(System.getenv()));
        Micronaut.build(args)
                .mainClass(Application.class)
                .properties(properties)
                .start();
    }

    /**
     * Settings that must exist before the context starts: the embedded PostgreSQL when no
     * database URL is given, and the Lettuce URI only when Redis is configured (an empty URI
     * would still create a client).
     */
    static Map<String, Object> startupProperties(Map<String, String> env) {
        Map<String, Object> properties = new HashMap<>();
        String databaseUrl = env.getOrDefault("MAILLAGE_DATABASE_URL", "");
        if (databaseUrl.isBlank()) {
            Path dataDir = Path.of(env.getOrDefault("MAILLAGE_DATA_DIR", "maillage-data")).toAbsolutePath();
            EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            properties.put("maillage.database.url", embedded.jdbcUrl());
            properties.put("maillage.database.user", "postgres");
            properties.put("maillage.database.password", "");
            LOG.info("embedded database started dataDir={} url={}", dataDir, embedded.jdbcUrl());
            System.out.println("Maillage data directory: " + dataDir);
        }
        String redisUri = env.getOrDefault("MAILLAGE_REDIS_URI", "");
        if (!redisUri.isBlank()) {
            properties.put("redis.uri", redisUri);
        }
        return properties;
    }
}
