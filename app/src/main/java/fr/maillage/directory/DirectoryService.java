package fr.maillage.directory;

import fr.maillage.core.error.Problem;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.directory.DirectoryViews.CompetenceTag;
import fr.maillage.directory.DirectoryViews.DirectoryPage;
import fr.maillage.directory.DirectoryViews.DirectoryQuery;
import fr.maillage.directory.DirectoryViews.PersonCard;
import fr.maillage.directory.DirectoryViews.PioneerProfile;
import fr.maillage.directory.DirectoryViews.ProfileView;
import fr.maillage.directory.DirectoryViews.Territory;
import fr.maillage.directory.DirectoryViews.TerritoryCount;
import fr.maillage.directory.DirectoryViews.UpdateDirectoryProfileCommand;
import fr.maillage.identity.IdentityCommands.UpdateProfileCommand;
import fr.maillage.identity.ProfileService;
import fr.maillage.reference.ReferenceService;
import fr.maillage.reference.ReferenceViews.CompetenceView;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Profiles beyond identity's basics, the directory search and the map's counts.
 *
 * <p>Visibility: members, facilitators and administrators see everyone listed (guests are
 * never listed). A guest sees only its circle ({@link GuestCircles}): the members of the themes
 * and workspaces it was invited to. A person the reader may not see is "not found".
 */
@Singleton
public class DirectoryService {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);

    private final JdbcOperations jdbc;
    private final ProfileService identity;
    private final ReferenceService reference;
    private final DirectoryConfig config;
    private final Clock clock;

    DirectoryService(JdbcOperations jdbc, ProfileService identity, ReferenceService reference, DirectoryConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.reference = reference;
        this.config = config;
        this.clock = clock;
    }

    // ---- profile -------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public ProfileView profile(Caller caller, UUID personId) {
        if (!caller.userId().equals(personId) && !visible(caller, personId)) {
            throw ProblemException.notFound();
        }
        return view(caller, personId).orElseThrow(ProblemException::notFound);
    }

    /** Validates everything first, then writes identity's part and the directory's in one transaction. */
    @Transactional
    public ProfileView update(Caller caller, UpdateDirectoryProfileCommand command) {
        Map<String, CompetenceView> competences = reference.competences().stream()
                .collect(Collectors.toMap(CompetenceView::slug, c -> c));
        List<Problem.Violation> violations = new ArrayList<>();
        List<String> metiers = distinct(command.metiers());
        for (String slug : metiers) {
            CompetenceView competence = competences.get(slug);
            if (competence == null || !"metier".equals(competence.family())) {
                violations.add(new Problem.Violation("metiers", "unknown métier " + slug));
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (CompetenceTag tag : command.competences() == null ? List.<CompetenceTag>of() : command.competences()) {
            if (!competences.containsKey(tag.slug())) {
                violations.add(new Problem.Violation("competences", "unknown competence " + tag.slug()));
            } else if (tags.put(tag.slug(), tag.mode()) != null) {
                violations.add(new Problem.Violation("competences", "competence " + tag.slug() + " given twice"));
            }
        }
        if (command.territoryCode() != null && !command.territoryCode().isBlank()
                && reference.territory(command.territoryCode()).isEmpty()) {
            violations.add(new Problem.Violation("territoryCode", "unknown territory"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        if (command.displayName() != null || command.territoryCode() != null || command.timeZone() != null) {
            // The zone given, else the one the person has: a territory alone never moves the zone.
            String zone = command.timeZone() != null ? command.timeZone() : identity.me(caller).timeZone();
            identity.update(caller, new UpdateProfileCommand(command.displayName(), command.territoryCode(), zone, null));
        }
        Instant now = clock.instant();
        List<String> languages = distinct(command.languages());
        jdbc.prepareStatement("""
                INSERT INTO directory_profile (user_id, organisation, organisation_kind, bio, pioneer_declared, availability,
                                               max_open_requests, languages, show_email, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET organisation = EXCLUDED.organisation,
                    organisation_kind = EXCLUDED.organisation_kind, bio = EXCLUDED.bio,
                    pioneer_declared = EXCLUDED.pioneer_declared,
                    pioneer_confirmed_by = CASE WHEN EXCLUDED.pioneer_declared THEN directory_profile.pioneer_confirmed_by END,
                    pioneer_confirmed_at = CASE WHEN EXCLUDED.pioneer_declared THEN directory_profile.pioneer_confirmed_at END,
                    availability = EXCLUDED.availability, max_open_requests = EXCLUDED.max_open_requests,
                    languages = EXCLUDED.languages, show_email = EXCLUDED.show_email, updated_at = EXCLUDED.updated_at
                """, ps -> {
            ps.setObject(1, caller.userId());
            ps.setString(2, blankToNull(command.organisation()));
            ps.setString(3, command.organisationKind());
            ps.setString(4, blankToNull(command.bio()));
            ps.setBoolean(5, command.pioneer());
            ps.setString(6, command.availability() == null ? "open" : command.availability());
            ps.setInt(7, command.maxOpenRequests() == null ? 2 : command.maxOpenRequests());
            ps.setArray(8, ps.getConnection().createArrayOf("text", (languages.isEmpty() ? List.of("fr") : languages).toArray()));
            ps.setBoolean(9, command.showEmail());
            ps.setTimestamp(10, Timestamp.from(now));
            return ps.executeUpdate();
        });
        update("DELETE FROM directory_metier WHERE user_id = ?", caller.userId());
        for (String slug : metiers) {
            update("INSERT INTO directory_metier (user_id, competence_slug) VALUES (?, ?)", caller.userId(), slug);
        }
        update("DELETE FROM directory_competence WHERE user_id = ?", caller.userId());
        tags.forEach((slug, mode) -> update("INSERT INTO directory_competence (user_id, competence_slug, mode) VALUES (?, ?, ?)",
                caller.userId(), slug, mode));
        LOG.info("directory profile updated userId={} competences={} pioneer={}", caller.userId(), tags.size(), command.pioneer());
        return view(caller, caller.userId()).orElseThrow();
    }

    /** A facilitator confirms (or withdraws) a member's declared pioneer status. */
    @Transactional
    public ProfileView confirmPioneer(Caller caller, UUID personId, boolean confirmed) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        int changed = jdbc.prepareStatement("""
                UPDATE directory_profile SET pioneer_confirmed_by = ?, pioneer_confirmed_at = ?
                WHERE user_id = ? AND pioneer_declared
                """, ps -> {
            ps.setObject(1, confirmed ? caller.userId() : null);
            ps.setTimestamp(2, confirmed ? Timestamp.from(clock.instant()) : null);
            ps.setObject(3, personId);
            return ps.executeUpdate();
        });
        if (changed == 0) {
            view(caller, personId).orElseThrow(ProblemException::notFound);
            throw ProblemException.conflict("This person has not declared themselves a pioneer");
        }
        LOG.info("pioneer confirmation changed userId={} confirmed={} by={}", personId, confirmed, caller.userId());
        return view(caller, personId).orElseThrow();
    }

    @Transactional
    public void setPhoto(Caller caller, byte[] upload) {
        byte[] jpeg = Photos.reencode(upload, config.photoMaxBytes(), config.photoPixels());
        jdbc.prepareStatement("""
                INSERT INTO directory_photo (user_id, jpeg, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET jpeg = EXCLUDED.jpeg, updated_at = EXCLUDED.updated_at
                """, ps -> {
            ps.setObject(1, caller.userId());
            ps.setBytes(2, jpeg);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
        LOG.info("photo updated userId={} bytes={}", caller.userId(), jpeg.length);
    }

    @Transactional
    public void removePhoto(Caller caller) {
        update("DELETE FROM directory_photo WHERE user_id = ?", caller.userId());
    }

    @Transactional(readOnly = true)
    public byte[] photo(Caller caller, UUID personId) {
        if (!caller.userId().equals(personId) && !visible(caller, personId)) {
            throw ProblemException.notFound();
        }
        return jdbc.prepareStatement("SELECT jpeg FROM directory_photo WHERE user_id = ?", ps -> {
            ps.setObject(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound();
                }
                return rs.getBytes(1);
            }
        });
    }

    // ---- directory -----------------------------------------------------------------------

    @Transactional(readOnly = true)
    public DirectoryPage search(Caller caller, DirectoryQuery query) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (query.q() != null && query.q().length() > 200) {
            violations.add(new Problem.Violation("q", "at most 200 characters"));
        }
        if (query.competence() != null && reference.competences().stream().noneMatch(c -> c.slug().equals(query.competence()))) {
            violations.add(new Problem.Violation("competence", "unknown competence"));
        }
        if (query.metier() != null && reference.competences().stream()
                .noneMatch(c -> c.slug().equals(query.metier()) && "metier".equals(c.family()))) {
            violations.add(new Problem.Violation("metier", "unknown métier"));
        }
        if (query.mode() != null && !Set.of("can_help", "wants_to_learn").contains(query.mode())) {
            violations.add(new Problem.Violation("mode", "must be can_help or wants_to_learn"));
        }
        if (query.territory() != null && reference.territory(query.territory()).isEmpty()) {
            violations.add(new Problem.Violation("territory", "unknown territory"));
        }
        if (query.page() < 1 || query.page() > 10_000) {
            violations.add(new Problem.Violation("page", "must be between 1 and 10000"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        visibility(caller, where, args);
        String q = query.q() == null ? "" : query.q().strip();
        if (!q.isEmpty()) {
            where.append(" AND (").append(SEARCH_DOCUMENT).append(" @@ websearch_to_tsquery('maillage_fr', ?)")
                    .append(" OR unaccent(u.display_name) ILIKE unaccent(?) OR unaccent(coalesce(p.organisation, '')) ILIKE unaccent(?))");
            String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(q);
            args.add(like);
            args.add(like);
        }
        if (query.competence() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM directory_competence dc WHERE dc.user_id = u.id AND dc.competence_slug = ?")
                    .append(query.mode() != null ? " AND dc.mode = ?)" : ")");
            args.add(query.competence());
            if (query.mode() != null) {
                args.add(query.mode());
            }
        } else if (query.mode() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM directory_competence dc WHERE dc.user_id = u.id AND dc.mode = ?)");
            args.add(query.mode());
        }
        if (query.metier() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM directory_metier dm WHERE dm.user_id = u.id AND dm.competence_slug = ?)");
            args.add(query.metier());
        }
        if (query.territory() != null) {
            where.append(" AND u.territory_code = ?");
            args.add(query.territory());
        }
        if (query.overseas() != null) {
            where.append(query.overseas() ? " AND t.kind <> 'region'" : " AND t.kind = 'region'");
        }
        if (Boolean.TRUE.equals(query.pioneer())) {
            where.append(" AND p.pioneer_confirmed_at IS NOT NULL");
        }
        if (Boolean.TRUE.equals(query.openToHelp())) {
            where.append(" AND p.pioneer_confirmed_at IS NOT NULL AND p.availability = 'open'");
        }
        int size = config.pageSize();
        String sql = CARD_SELECT + where + " ORDER BY lower(u.display_name), u.id LIMIT ? OFFSET ?";
        args.add(size);
        args.add((query.page() - 1) * size);
        int[] total = {0};
        List<UUID> ids = new ArrayList<>();
        List<PersonCard> cards = jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            List<PersonCard> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total[0] = rs.getInt("total");
                    UUID id = rs.getObject("id", UUID.class);
                    ids.add(id);
                    rows.add(new PersonCard(id, rs.getString("display_name"), Photos.initials(rs.getString("display_name")),
                            rs.getBoolean("has_photo"), territory(rs), rs.getString("organisation"), List.of(), List.of(),
                            rs.getBoolean("pioneer"), rs.getString("availability"), rs.getInt("solved_count"),
                            rs.getBoolean("deactivated")));
                }
            }
            return rows;
        });
        if (cards.isEmpty() && query.page() > 1) {
            total[0] = count(caller, where.toString(), args.subList(0, args.size() - 2));
        }
        Map<UUID, List<String>> metiers = metiers(ids);
        Map<UUID, List<CompetenceTag>> tags = tags(ids);
        List<PersonCard> items = cards.stream().map(c -> new PersonCard(c.id(), c.displayName(), c.initials(), c.hasPhoto(),
                c.territory(), c.organisation(), metiers.getOrDefault(c.id(), List.of()), tags.getOrDefault(c.id(), List.of()),
                c.pioneer(), c.availability(), c.solvedCount(), c.deactivated())).toList();
        return new DirectoryPage(items, total[0], query.page(), size);
    }

    /** Members and pioneers per territory, every territory listed (zeros included), as the reader may see them. */
    @Transactional(readOnly = true)
    public List<TerritoryCount> map(Caller caller) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        visibility(caller, where, args);
        String sql = """
                SELECT t.code, t.name, t.kind, count(u.id) AS members,
                       count(u.id) FILTER (WHERE p.pioneer_confirmed_at IS NOT NULL) AS pioneers
                FROM territory t
                LEFT JOIN (app_user u LEFT JOIN directory_profile p ON p.user_id = u.id)
                    ON u.territory_code = t.code AND (TRUE""" + where + """
                ) GROUP BY t.code, t.name, t.kind, t.sort_order ORDER BY t.sort_order
                """;
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            List<TerritoryCount> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new TerritoryCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)));
                }
            }
            return counts;
        });
    }

    // ---- for the help feature ----------------------------------------------------------------

    /** Every confirmed pioneer with what matching needs (paused ones included: the ranking drops them). */
    @Transactional(readOnly = true)
    public List<PioneerProfile> pioneers() {
        List<PioneerProfile> pioneers = jdbc.prepareStatement("""
                SELECT u.id, u.display_name, u.territory_code, t.kind, p.availability, p.max_open_requests
                FROM directory_profile p JOIN app_user u ON u.id = p.user_id LEFT JOIN territory t ON t.code = u.territory_code
                WHERE p.pioneer_confirmed_at IS NOT NULL AND u.role <> 'guest'
                """, ps -> {
            List<PioneerProfile> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PioneerProfile(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            Set.of(), "paused".equals(rs.getString(5)), rs.getInt(6)));
                }
            }
            return rows;
        });
        Map<UUID, List<CompetenceTag>> tags = tags(pioneers.stream().map(PioneerProfile::userId).toList());
        return pioneers.stream().map(p -> new PioneerProfile(p.userId(), p.displayName(), p.territoryCode(), p.territoryKind(),
                tags.getOrDefault(p.userId(), List.of()).stream().filter(t -> "can_help".equals(t.mode()))
                        .map(CompetenceTag::slug).collect(Collectors.toUnmodifiableSet()),
                p.paused(), p.maxOpenRequests())).toList();
    }

    /** The requester's territory and its kind, for matching ({@code null}s when none is set). */
    @Transactional(readOnly = true)
    public Optional<Territory> territoryOf(UUID personId) {
        return jdbc.prepareStatement("SELECT t.code, t.name, t.kind FROM app_user u JOIN territory t ON t.code = u.territory_code WHERE u.id = ?", ps -> {
            ps.setObject(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Territory(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        });
    }

    /** Counts one more solved request on the helper's profile, in the caller's transaction. */
    @Transactional
    public void creditSolved(UUID helperId) {
        jdbc.prepareStatement("""
                INSERT INTO directory_profile (user_id, solved_count, updated_at) VALUES (?, 1, ?)
                ON CONFLICT (user_id) DO UPDATE SET solved_count = directory_profile.solved_count + 1
                """, ps -> {
            ps.setObject(1, helperId);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static final String SEARCH_DOCUMENT = """
            to_tsvector('maillage_fr', u.display_name || ' ' || coalesce(p.organisation, '') || ' ' || coalesce(p.bio, '') || ' '
                || coalesce((SELECT string_agg(c.label_fr, ' ') FROM directory_competence dc JOIN competence c ON c.slug = dc.competence_slug
                             WHERE dc.user_id = u.id), ''))""";

    private static final String CARD_SELECT = """
            SELECT u.id, u.display_name, u.territory_code, t.name AS territory_name, t.kind AS territory_kind, p.organisation,
                   coalesce(p.pioneer_confirmed_at IS NOT NULL, false) AS pioneer, coalesce(p.availability, 'open') AS availability,
                   coalesce(p.solved_count, 0) AS solved_count,
                   EXISTS (SELECT 1 FROM directory_photo ph WHERE ph.user_id = u.id) AS has_photo, count(*) OVER () AS total,
                   u.deactivated_at IS NOT NULL AS deactivated
            FROM app_user u LEFT JOIN directory_profile p ON p.user_id = u.id LEFT JOIN territory t ON t.code = u.territory_code
            WHERE TRUE""";

    /** Appends the reader's visibility rule (see the class comment) to a WHERE over {@code u}. */
    private static void visibility(Caller caller, StringBuilder where, List<Object> args) {
        // Deleted accounts are tombstones, never people to find (docs/privacy.md).
        where.append(" AND u.role <> 'guest' AND u.deleted_at IS NULL");
        if (caller.role() == Role.GUEST) {
            where.append(" AND ").append(GuestCircles.CONDITION);
            for (int i = 0; i < GuestCircles.PARAMETERS; i++) {
                args.add(caller.userId());
            }
        }
    }

    private boolean visible(Caller caller, UUID personId) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        visibility(caller, where, args);
        args.add(personId);
        return count(caller, where + " AND u.id = ?", args) > 0;
    }

    private int count(Caller caller, String where, List<Object> args) {
        return jdbc.prepareStatement("SELECT count(*) FROM app_user u LEFT JOIN directory_profile p ON p.user_id = u.id "
                + "LEFT JOIN territory t ON t.code = u.territory_code WHERE TRUE" + where, ps -> {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private Optional<ProfileView> view(Caller reader, UUID personId) {
        boolean self = reader.userId().equals(personId);
        boolean animator = reader.role().animates();
        return jdbc.prepareStatement("""
                SELECT u.id, u.display_name, u.role, u.email, u.territory_code, t.name AS territory_name, t.kind AS territory_kind,
                       p.organisation, p.organisation_kind, p.bio, coalesce(p.pioneer_declared, false) AS declared,
                       coalesce(p.pioneer_confirmed_at IS NOT NULL, false) AS pioneer, coalesce(p.availability, 'open') AS availability,
                       coalesce(p.max_open_requests, 2) AS max_open, coalesce(p.languages, '{fr}') AS languages,
                       coalesce(p.show_email, false) AS show_email, coalesce(p.solved_count, 0) AS solved_count,
                       EXISTS (SELECT 1 FROM directory_photo ph WHERE ph.user_id = u.id) AS has_photo,
                       u.deactivated_at IS NOT NULL AS deactivated
                FROM app_user u LEFT JOIN directory_profile p ON p.user_id = u.id LEFT JOIN territory t ON t.code = u.territory_code
                WHERE u.id = ?
                """, ps -> {
            ps.setObject(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<ProfileView>empty();
                }
                boolean showEmail = rs.getBoolean("show_email");
                Array languages = rs.getArray("languages");
                return Optional.of(new ProfileView(personId, rs.getString("display_name"), rs.getString("role"),
                        Photos.initials(rs.getString("display_name")), rs.getBoolean("has_photo"), territory(rs),
                        rs.getString("organisation"), rs.getString("organisation_kind"),
                        metiers(List.of(personId)).getOrDefault(personId, List.of()),
                        tags(List.of(personId)).getOrDefault(personId, List.of()),
                        (self || animator) && rs.getBoolean("declared"), rs.getBoolean("pioneer"), rs.getString("bio"),
                        rs.getString("availability"), self || animator ? rs.getInt("max_open") : null,
                        List.of((String[]) languages.getArray()), self || showEmail ? rs.getString("email") : null,
                        showEmail, rs.getInt("solved_count"), rs.getBoolean("deactivated")));
            }
        });
    }

    private static Territory territory(ResultSet rs) throws SQLException {
        String code = rs.getString("territory_code");
        return code == null ? null : new Territory(code, rs.getString("territory_name"), rs.getString("territory_kind"));
    }

    private Map<UUID, List<String>> metiers(List<UUID> ids) {
        Map<UUID, List<String>> metiers = new HashMap<>();
        if (ids.isEmpty()) {
            return metiers;
        }
        jdbc.prepareStatement("""
                SELECT dm.user_id, dm.competence_slug FROM directory_metier dm JOIN competence c ON c.slug = dm.competence_slug
                WHERE dm.user_id = ANY (?) ORDER BY c.sort_order
                """, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    metiers.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return null;
        });
        return metiers;
    }

    private Map<UUID, List<CompetenceTag>> tags(List<UUID> ids) {
        Map<UUID, List<CompetenceTag>> tags = new HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        jdbc.prepareStatement("""
                SELECT dc.user_id, dc.competence_slug, dc.mode FROM directory_competence dc JOIN competence c ON c.slug = dc.competence_slug
                WHERE dc.user_id = ANY (?) ORDER BY c.sort_order
                """, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new CompetenceTag(rs.getString(2), rs.getString(3)));
                }
            }
            return null;
        });
        return tags;
    }

    private static List<String> distinct(List<String> values) {
        return values == null ? List.of() : List.copyOf(new LinkedHashSet<>(values));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private void update(String sql, Object... args) {
        jdbc.prepareStatement(sql, ps -> {
            bind(ps, List.of(args));
            return ps.executeUpdate();
        });
    }
}
