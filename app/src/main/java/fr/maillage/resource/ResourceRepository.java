package fr.maillage.resource;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ResourceRepository extends CrudRepository<ResourceRow, UUID> {
    /** Counted apart from the row, so an edit never writes back a stale count. */
    @Query("UPDATE resource SET view_count = view_count + 1 WHERE id = :id")
    void countView(UUID id);
}
