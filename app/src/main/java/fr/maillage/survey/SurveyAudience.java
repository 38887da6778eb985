package fr.maillage.survey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a survey speaks to, and what the breakdowns need to know of a respondent. These are reads
 * of identity's, discussion's and directory's tables (role, territory, theme follows,
 * organisation kind) that no feature service offers in bulk yet; they stay here, read-only, in
 * one place, until those services grow the matching methods.
 */
@Singleton
class SurveyAudience {
    static final List<String> KINDS = List.of("network", "themes", "territories", "roles");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final List<String> ROLES = List.of("member", "facilitator", "administrator");

    private final JdbcOperations jdbc;

    SurveyAudience(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** An active person's role and territory, as the audience rules and breakdowns read them. */
    record Person(UUID id, String role, @Nullable String territoryCode, @Nullable String organisationKind) {
    }

    @Transactional(readOnly = true)
    Optional<Person> person(UUID id) {
        return jdbc.prepareStatement("SELECT u.id, u.role, u.territory_code, p.organisation_kind FROM app_user u "
                + "LEFT JOIN directory_profile p ON p.user_id = u.id "
                + "WHERE u.id = ? AND u.deactivated_at IS NULL AND u.deleted_at IS NULL", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        });
    }

    /** True when the person is in the audience: guests only when invited by name. */
    @Transactional(readOnly = true)
    boolean includes(String kind, List<String> values, List<UUID> invitedGuests, UUID personId) {
        Optional<Person> found = person(personId);
        if (found.isEmpty()) {
            return false;
        }
        Person person = found.get();
        if ("guest".equals(person.role())) {
            return invitedGuests.contains(personId);
        }
        return switch (kind) {
            case "network" -> true;
            case "roles" -> values.contains(person.role());
            case "territories" -> person.territoryCode() != null && values.contains(person.territoryCode());
            case "themes" -> !values.isEmpty() && Boolean.TRUE.equals(jdbc.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM discussion_follow WHERE user_id = ? AND target_kind = 'theme' "
                            + "AND level = 'following' AND target = ANY (?))", ps -> {
                        ps.setObject(1, personId);
                        ps.setArray(2, ps.getConnection().createArrayOf("text", values.toArray()));
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() && rs.getBoolean(1);
                        }
                    }));
            default -> false;
        };
    }

    /** Everyone in the audience, active accounts only, invited guests included. */
    @Transactional(readOnly = true)
    Set<UUID> members(String kind, List<String> values, List<UUID> invitedGuests) {
        String where = switch (kind) {
            case "roles" -> "u.role = ANY (?)";
            case "territories" -> "u.territory_code = ANY (?)";
            case "themes" -> "EXISTS (SELECT 1 FROM discussion_follow f WHERE f.user_id = u.id AND f.target_kind = 'theme' "
                    + "AND f.level = 'following' AND f.target = ANY (?))";
            default -> "cardinality(?::text[]) >= 0";
        };
        Set<UUID> people = new LinkedHashSet<>(jdbc.prepareStatement("SELECT u.id FROM app_user u WHERE u.role <> 'guest' "
                + "AND u.deactivated_at IS NULL AND u.deleted_at IS NULL AND " + where + " ORDER BY u.id", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", values.toArray()));
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }));
        for (UUID guest : invitedGuests) {
            person(guest).filter(p -> "guest".equals(p.role())).ifPresent(p -> people.add(p.id()));
        }
        return people;
    }

    /** Each person's own time zone (Europe/Paris when the stored one is unknown to Java). */
    @Transactional(readOnly = true)
    Map<UUID, ZoneId> zones(Set<UUID> people) {
        Map<UUID, ZoneId> zones = new HashMap<>();
        jdbc.prepareStatement("SELECT id, time_zone FROM app_user WHERE id = ANY (?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", people.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    zones.put(rs.getObject(1, UUID.class), zone(rs.getString(2)));
                }
            }
            return null;
        });
        return zones;
    }

    static ZoneId zone(@Nullable String name) {
        try {
            return name == null ? PARIS : ZoneId.of(name);
        } catch (DateTimeException e) {
            return PARIS;
        }
    }
}
