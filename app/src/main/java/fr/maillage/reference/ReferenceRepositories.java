package fr.maillage.reference;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;

final class ReferenceRepositories {
    private ReferenceRepositories() {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface TerritoryRepository extends GenericRepository<TerritoryRow, String> {
        List<TerritoryRow> listOrderBySortOrder();

        Optional<TerritoryRow> findById(String code);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface ThemeRepository extends GenericRepository<ThemeRow, String> {
        List<ThemeRow> findByArchivedFalseOrderBySortOrder();
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface CompetenceRepository extends GenericRepository<CompetenceRow, String> {
        List<CompetenceRow> listOrderBySortOrder();
    }
}
