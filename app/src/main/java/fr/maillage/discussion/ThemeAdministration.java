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

import fr.maillage.core.socket.Hub;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Administrators add, rename and archive themes. (The theme table was seeded by the reference
 * data; discussions own what happens to it afterwards.)
 */
@Singleton
public class ThemeAdministration {
    private static final Logger LOG = LoggerFactory.getLogger(ThemeAdministration.class);
    private final JdbcOperations jdbc;
    private final StreamService streams;
    private final Hub hub;
    private final TransactionOperations<?> transactions;

    ThemeAdministration(JdbcOperations jdbc, StreamService streams, Hub hub, TransactionOperations<?> transactions) {
        this.jdbc = jdbc;
        this.streams = streams;
        this.hub = hub;
        this.transactions = transactions;
    }

    /** Facilitators and administrators open one theme to a guest (guests see nothing else). */
    @Transactional
    public void addGuest(Caller caller, String slug, UUID userId) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        requireTheme(slug);
        String role = jdbc.prepareStatement("SELECT role FROM app_user WHERE id = ?", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
        if (role == null) {
            throw ProblemException.notFound();
        }
        if (!"guest".equals(role)) {
            throw ProblemException.invalid("userId", "only guests are invited to single themes; members read them all");
        }
        jdbc.prepareStatement("INSERT INTO theme_guest (theme_slug, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, slug);
            ps.setObject(2, userId);
            return ps.executeUpdate();
        });
        LOG.info("guest added slug={} userId={} by={}", slug, userId, caller.userId());
    }

    /**
     * Opens the themes chosen when the guest was invited (issue 16), as the invitation is
     * accepted, in its transaction; an archived or removed theme since is skipped.
     */
    @Transactional
    public void grantInvitedGuest(UUID guestId, java.util.Collection<String> slugs) {
        for (String slug : slugs) {
            int added = jdbc.prepareStatement("""
                    INSERT INTO theme_guest (theme_slug, user_id)
                    SELECT t.slug, ? FROM theme t WHERE t.slug = ? AND NOT t.archived
                    ON CONFLICT DO NOTHING""", ps -> {
                ps.setObject(1, guestId);
                ps.setString(2, slug);
                return ps.executeUpdate();
            });
            if (added > 0) {
                LOG.info("guest added on invitation slug={} userId={}", slug, guestId);
            }
        }
    }

    /** Closes the theme to the guest; their open sockets lose it at once, on every node. */
    @Transactional
    public void removeGuest(Caller caller, String slug, UUID userId) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        requireTheme(slug);
        jdbc.prepareStatement("DELETE FROM theme_guest WHERE theme_slug = ? AND user_id = ?", ps -> {
            ps.setString(1, slug);
            ps.setObject(2, userId);
            return ps.executeUpdate();
        });
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                hub.accessChanged(userId);
            }
        });
        LOG.info("guest removed slug={} userId={} by={}", slug, userId, caller.userId());
    }

    @Transactional(readOnly = true)
    public List<DiscussionViews.Person> guests(Caller caller, String slug) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        requireTheme(slug);
        return jdbc.prepareStatement("SELECT u.id, u.display_name FROM theme_guest g JOIN app_user u ON u.id = g.user_id "
                + "WHERE g.theme_slug = ? ORDER BY lower(u.display_name)", ps -> {
            ps.setString(1, slug);
            List<DiscussionViews.Person> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new DiscussionViews.Person(rs.getObject(1, UUID.class), rs.getString(2)));
                }
            }
            return list;
        });
    }

    private void requireTheme(String slug) {
        boolean exists = jdbc.prepareStatement("SELECT 1 FROM theme WHERE slug = ?", ps -> {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
        if (!exists) {
            throw ProblemException.notFound();
        }
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
                + "(SELECT COUNT(*) FROM discussion_thread d WHERE d.theme_slug = t.slug), "
                + "(SELECT MAX(d.last_post_at) FROM discussion_thread d WHERE d.theme_slug = t.slug) FROM theme t WHERE t.slug = ?", ps -> {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                java.sql.Timestamp last = rs.getTimestamp(6);
                return new ThemeSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        last == null ? null : last.toInstant(), 0, "default");
            }
        });
    }
}
