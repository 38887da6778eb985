package fr.maillage.mail;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends CrudRepository<OutboxRow, UUID> {
    @Query("SELECT * FROM mail_outbox ORDER BY created_at DESC LIMIT :limit")
    List<OutboxRow> newest(int limit);

    /** Claims due mail for this node; SKIP LOCKED keeps two nodes from sending the same row. */
    @Query("SELECT * FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= :now "
            + "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
    List<OutboxRow> claimDue(Instant now, int limit);
}
