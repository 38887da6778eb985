package fr.maillage.discussion;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.stream.StreamService;
import fr.maillage.discussion.DiscussionViews.ThemeSummary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;

/**
 * Administrators add, rename and archive themes. (The theme table was seeded by the reference
 * data; discussions own what happens to it afterwards.)
 */
@Singleton
public class ThemeAdministration {
    private static final Logger LOG = LoggerFactory.getLogger(ThemeAdministration.class);
    private final JdbcOperations jdbc;
    private final StreamService streams;

    ThemeAdministration(JdbcOperations jdbc, StreamService streams) {
        this.jdbc = jdbc;
        this.streams = streams;
    }

    @Serdeable
    public record CreateThemeCommand(
            @NotBlank @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "lowercase letters, digits and dashes")
            @Size(min = 3, max = 60) String slug,
            @NotBlank @Size(max = 120) String labelFr,
            @NotBlank @Size(max = 120) String labelEn) {
    }

    @Serdeable
    public record UpdateThemeCommand(
            @Nullable @Size(min = 1, max = 120) String labelFr,
            @Nullable @Size(min = 1, max = 120) String labelEn,
            @Nullable Boolean archived) {
    }

    @Transactional
    public ThemeSummary create(Caller caller, CreateThemeCommand command) {
        caller.requireRole(Role.ADMINISTRATOR);
        int inserted = jdbc.prepareStatement("INSERT INTO theme (slug, label_fr, label_en, family, sort_order) "
                + "VALUES (?, ?, ?, 'custom', (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM theme)) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, command.slug());
            ps.setString(2, command.labelFr().strip());
            ps.setString(3, command.labelEn().strip());
            return ps.executeUpdate();
        });
        if (inserted == 0) {
            throw ProblemException.conflict("A theme with this slug exists");
        }
        streams.ensure(DiscussionAccess.stream(command.slug()));
        LOG.info("theme created slug={} by={}", command.slug(), caller.userId());
        return load(command.slug());
    }

    @Transactional
    public ThemeSummary update(Caller caller, String slug, UpdateThemeCommand command) {
        caller.requireRole(Role.ADMINISTRATOR);
        int updated = jdbc.prepareStatement("UPDATE theme SET label_fr = COALESCE(?, label_fr), label_en = COALESCE(?, label_en), "
                + "archived = COALESCE(?, archived) WHERE slug = ?", ps -> {
            ps.setString(1, command.labelFr() == null ? null : command.labelFr().strip());
            ps.setString(2, command.labelEn() == null ? null : command.labelEn().strip());
            ps.setObject(3, command.archived(), java.sql.Types.BOOLEAN);
            ps.setString(4, slug);
            return ps.executeUpdate();
        });
        if (updated == 0) {
            throw ProblemException.notFound();
        }
        LOG.info("theme updated slug={} by={}", slug, caller.userId());
        return load(slug);
    }

    private ThemeSummary load(String slug) {
        return jdbc.prepareStatement("SELECT t.slug, t.label_fr, t.label_en, t.family, "
                + "(SELECT COUNT(*) FROM discussion_thread d WHERE d.theme_slug = t.slug) FROM theme t WHERE t.slug = ?", ps -> {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ThemeSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        null, 0, "default");
            }
        });
    }
}
