package fr.maillage.core.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded PostgreSQL of the zero-install run: real PostgreSQL binaries from a Maven
 * artifact, with its data directory kept across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final String DATABASE = "maillage";
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    .start();
            try (var connection = postgres.getPostgresDatabase().getConnection();
                 var statement = connection.createStatement()) {
                var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the process is ending; PostgreSQL recovers from its WAL on next start
                }
            }, "embedded-postgres-stop"));
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the maillage database", e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }
}
