package fr.maillage.mail;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends CrudRepository<OutboxRow, UUID> {
    @Query("SELECT * FROM mail_outbox ORDER BY created_at DESC LIMIT :limit")
    List<OutboxRow> newest(int limit);
}
