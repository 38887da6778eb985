package fr.maillage.resource;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PersonNames;
import fr.maillage.core.security.Role;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamService;
import fr.maillage.directory.DirectoryService;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import fr.maillage.reference.ReferenceService;
import fr.maillage.reference.ReferenceViews.ThemeView;
import fr.maillage.resource.ResourceViews.AdaptationCommand;
import fr.maillage.resource.ResourceViews.AdaptationView;
import fr.maillage.resource.ResourceViews.LibraryPage;
import fr.maillage.resource.ResourceViews.Neighbour;
import fr.maillage.resource.ResourceViews.Overview;
import fr.maillage.resource.ResourceViews.OverviewCell;
import fr.maillage.resource.ResourceViews.OverviewLever;
import fr.maillage.resource.ResourceViews.PathView;
import fr.maillage.resource.ResourceViews.Report;
import fr.maillage.resource.ResourceViews.ReportLine;
import fr.maillage.resource.ResourceViews.ResourceCommand;
import fr.maillage.resource.ResourceViews.ResourceSummary;
import fr.maillage.resource.ResourceViews.ResourceView;
import fr.maillage.resource.ResourceViews.TerritoryLine;
import fr.maillage.resource.ResourceViews.UsefulView;
import fr.maillage.workspace.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Capitalisation: resources by door and lever. Members propose (draft, then in review), the
 * people who animate the network publish or send back with a comment and feature some. Guests
 * see no library (a guest is invited to one theme or workspace, never to the network's
 * resources). Only published resources are listed, counted and searched.
 */
@Singleton
public class ResourceService {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceService.class);
    static final int PAGE = 50;
    static final int MAX_QUERY = 200;
    static final int PATH_MIN = 3;
    static final int PATH_MAX = 5;
    static final int PATH_MINUTES = 60;
    static final int NEIGHBOURS_PER_DOOR = 3;
    private static final String SUMMARY_COLUMNS = """
            r.id, r.title, r.summary, r.door, r.format, r.maturity, r.minutes, r.status, r.featured, r.published_at,
            (SELECT count(*) FROM resource_useful u WHERE u.resource_id = r.id) AS useful,
            ARRAY(SELECT l.theme_slug FROM resource_lever l WHERE l.resource_id = r.id) AS levers""";

    private final JdbcOperations jdbc;
    private final ResourceRepository resources;
    private final Idempotency idempotency;
    private final StreamService streams;
    private final NotificationService notifications;
    private final ReferenceService reference;
    private final DirectoryService directory;
    private final WorkspaceAccess workspaces;
    private final PersonNames names;
    private final Clock clock;

    ResourceService(JdbcOperations jdbc, ResourceRepository resources, Idempotency idempotency, StreamService streams,
                    NotificationService notifications, ReferenceService reference, DirectoryService directory,
                    WorkspaceAccess workspaces, PersonNames names, Clock clock) {
        this.jdbc = jdbc;
        this.resources = resources;
        this.idempotency = idempotency;
        this.streams = streams;
        this.notifications = notifications;
        this.reference = reference;
        this.directory = directory;
        this.workspaces = workspaces;
        this.names = names;
        this.clock = clock;
    }

    /** Library filters, all optional; {@code q} is searched in French, acronym-aware. */
    public record Filters(@Nullable String door, @Nullable String lever, @Nullable String format, @Nullable String maturity,
                          @Nullable Integer maxMinutes, @Nullable String territory, @Nullable String competence,
                          @Nullable String q, int offset) {
    }

    private static Caller reader(Caller caller) {
        return caller.requireRole(Role.MEMBER, Role.FACILITATOR, Role.ADMINISTRATOR);
    }

    private static Caller reviewer(Caller caller) {
        return caller.requireRole(Role.FACILITATOR, Role.ADMINISTRATOR);
    }

    // ---- proposing and editing

    @Transactional
    public ResourceView propose(Caller caller, ResourceCommand command) {
        reader(caller);
        Clean clean = validate(command);
        Optional<String> replay = idempotency.claim(caller.userId(), command.idempotencyKey(), "resource.propose", command);
        if (replay.isPresent()) {
            return view(caller, UUID.fromString(replay.get().replace("\"", "")), false);
        }
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        String status = command.submit() ? "in_review" : "draft";
        resources.save(new ResourceRow(id, clean.title, clean.summary, clean.body, clean.link, command.door(), command.format(),
                command.maturity(), command.minutes(), clean.licence, status, false, caller.userId(), null, now, now, null));
        writeTags(id, clean);
        if (command.submit()) {
            announceSubmitted(id);
        }
        idempotency.complete(caller.userId(), command.idempotencyKey(), id.toString());
        LOG.info("resource proposed resourceId={} door={} status={}", id, command.door(), status);
        return view(caller, id, false);
    }

    @Transactional
    public ResourceView edit(Caller caller, UUID id, ResourceCommand command) {
        reader(caller);
        ResourceRow row = visible(caller, id);
        if (!canEdit(caller, row)) {
            throw ProblemException.forbidden("Only its proposer (before publication) or a facilitator may edit this resource");
        }
        Clean clean = validate(command);
        String status = command.submit() && "draft".equals(row.status()) ? "in_review" : row.status();
        resources.update(new ResourceRow(id, clean.title, clean.summary, clean.body, clean.link, command.door(), command.format(),
                command.maturity(), command.minutes(), clean.licence, status, row.featured(), row.proposerId(),
                row.reviewComment(), row.createdAt(), clock.instant(), row.publishedAt()));
        writeTags(id, clean);
        if (!status.equals(row.status())) {
            announceSubmitted(id);
        }
        return view(caller, id, false);
    }

    /** The proposer sends a draft (new, or sent back) to review. */
    @Transactional
    public ResourceView submit(Caller caller, UUID id) {
        reader(caller);
        ResourceRow row = visible(caller, id);
        if (!row.proposerId().equals(caller.userId())) {
            throw ProblemException.forbidden("Only its proposer submits a resource");
        }
        if (!"draft".equals(row.status())) {
            throw ProblemException.conflict("Only a draft can be submitted");
        }
        setStatus(row, "in_review", row.reviewComment(), row.publishedAt(), row.featured());
        announceSubmitted(id);
        return view(caller, id, false);
    }

    @Transactional
    public ResourceView publish(Caller caller, UUID id) {
        reviewer(caller);
        ResourceRow row = resources.findById(id).orElseThrow(ProblemException::notFound);
        if ("published".equals(row.status())) {
            return view(caller, id, false);
        }
        setStatus(row, "published", null, clock.instant(), row.featured());
        announceReviewed(id);
        notifications.notify(Notice.of(row.proposerId(), "resource.published", link(id), Map.of("title", row.title())));
        LOG.info("resource published resourceId={}", id);
        return view(caller, id, false);
    }

    /** Sends a resource in review (or a draft) back to its proposer with a comment. */
    @Transactional
    public ResourceView sendBack(Caller caller, UUID id, String comment) {
        reviewer(caller);
        ResourceRow row = resources.findById(id).orElseThrow(ProblemException::notFound);
        if ("published".equals(row.status())) {
            throw ProblemException.conflict("A published resource is not sent back");
        }
        String text = comment.strip();
        setStatus(row, "draft", text, null, false);
        announceReviewed(id);
        notifications.notify(Notice.of(row.proposerId(), "resource.returned", link(id), Map.of("title", row.title(), "comment", text)));
        return view(caller, id, false);
    }

    @Transactional
    public ResourceView feature(Caller caller, UUID id, boolean featured) {
        reviewer(caller);
        ResourceRow row = resources.findById(id).orElseThrow(ProblemException::notFound);
        if (featured && !"published".equals(row.status())) {
            throw ProblemException.conflict("Only a published resource can be featured");
        }
        setStatus(row, row.status(), row.reviewComment(), row.publishedAt(), featured);
        return view(caller, id, false);
    }

    private void setStatus(ResourceRow row, String status, @Nullable String comment, @Nullable Instant publishedAt, boolean featured) {
        resources.update(new ResourceRow(row.id(), row.title(), row.summary(), row.body(), row.link(), row.door(), row.format(),
                row.maturity(), row.minutes(), row.licence(), status, featured, row.proposerId(), comment, row.createdAt(),
                clock.instant(), publishedAt));
    }

    /** Tells the review queue's readers that a resource arrived in review. */
    private void announceSubmitted(UUID id) {
        streams.ensure(ResourceAccess.REVIEW_STREAM);
        streams.append(ResourceAccess.REVIEW_STREAM, "resource.submitted", Map.of("resource", summaries("r.id = ?", List.of(id)).get(0)));
    }

    /** Tells the review queue's readers that a resource left review (published or sent back). */
    private void announceReviewed(UUID id) {
        streams.ensure(ResourceAccess.REVIEW_STREAM);
        streams.append(ResourceAccess.REVIEW_STREAM, "resource.reviewed", Map.of("resource", summaries("r.id = ?", List.of(id)).get(0)));
    }

    static String link(UUID id) {
        return "/resources/" + id;
    }

    // ---- validation

    private record Clean(String title, String summary, @Nullable String body, @Nullable String link, String licence,
                         List<String> levers, List<String> territories, List<String> competences, List<String> authors) {
    }

    private Clean validate(ResourceCommand command) {
        Set<String> levers = leverSlugs().keySet();
        List<String> chosenLevers = distinct(command.levers());
        for (String lever : chosenLevers) {
            if (!levers.contains(lever)) {
                throw ProblemException.invalid("levers", "unknown theme");
            }
        }
        Set<String> territories = reference.territories().stream().map(t -> t.code()).collect(Collectors.toSet());
        List<String> chosenTerritories = distinct(command.territories());
        for (String code : chosenTerritories) {
            if (!territories.contains(code)) {
                throw ProblemException.invalid("territories", "unknown territory");
            }
        }
        Set<String> competences = reference.competences().stream().map(c -> c.slug()).collect(Collectors.toSet());
        List<String> chosenCompetences = distinct(command.competences());
        for (String slug : chosenCompetences) {
            if (!competences.contains(slug)) {
                throw ProblemException.invalid("competences", "unknown competence " + slug);
            }
        }
        String body = null;
        String link = null;
        if ("text".equals(command.format())) {
            body = command.body() == null ? "" : command.body().strip();
            if (body.isEmpty()) {
                throw ProblemException.invalid("body", "is required");
            }
        } else {
            link = command.link() == null ? "" : command.link().strip();
            if (link.isEmpty()) {
                throw ProblemException.invalid("link", "is required");
            }
            checkLink(link);
        }
        List<String> authors = command.authors() == null ? List.of()
                : command.authors().stream().map(String::strip).filter(a -> !a.isEmpty()).distinct().toList();
        return new Clean(command.title().strip(), command.summary().strip(), body, link, command.licence().strip(),
                chosenLevers, chosenTerritories, chosenCompetences, authors);
    }

    /** Links are http or https with a host; nothing else is followed or embedded. */
    static void checkLink(String link) {
        if (link.chars().anyMatch(c -> c <= ' ')) {
            throw ProblemException.invalid("link", "must not contain spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("link", "must start with http:// or https://");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ProblemException.invalid("link", "must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ProblemException.invalid("link", "has no host");
        }
        if (uri.getUserInfo() != null) {
            throw ProblemException.invalid("link", "must not carry a user name or password");
        }
    }

    private static List<String> distinct(@Nullable List<String> values) {
        return values == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(values.stream().map(String::strip).toList()));
    }

    /** The lever themes in their reference order, slug to theme. */
    private Map<String, ThemeView> leverSlugs() {
        Map<String, ThemeView> levers = new LinkedHashMap<>();
        for (ThemeView theme : reference.themes()) {
            if ("lever".equals(theme.family())) {
                levers.put(theme.slug(), theme);
            }
        }
        return levers;
    }

    private void writeTags(UUID id, Clean clean) {
        update("DELETE FROM resource_lever WHERE resource_id = ?", id);
        update("DELETE FROM resource_territory WHERE resource_id = ?", id);
        update("DELETE FROM resource_competence WHERE resource_id = ?", id);
        update("DELETE FROM resource_author WHERE resource_id = ?", id);
        for (String lever : clean.levers) {
            update("INSERT INTO resource_lever (resource_id, theme_slug) VALUES (?, ?)", id, lever);
        }
        for (String code : clean.territories) {
            update("INSERT INTO resource_territory (resource_id, territory_code) VALUES (?, ?)", id, code);
        }
        for (String slug : clean.competences) {
            update("INSERT INTO resource_competence (resource_id, competence_slug) VALUES (?, ?)", id, slug);
        }
        for (int i = 0; i < clean.authors.size(); i++) {
            update("INSERT INTO resource_author (resource_id, position, name) VALUES (?, ?, ?)", id, i, clean.authors.get(i));
        }
    }

    // ---- reading

    private boolean canEdit(Caller caller, ResourceRow row) {
        return caller.role().animates() || (row.proposerId().equals(caller.userId()) && !"published".equals(row.status()));
    }

    /** The row when this person may see it: published, or their own, or anyone's for a reviewer. */
    private ResourceRow visible(Caller caller, UUID id) {
        ResourceRow row = resources.findById(id).orElseThrow(ProblemException::notFound);
        if (!"published".equals(row.status()) && !caller.role().animates() && !row.proposerId().equals(caller.userId())) {
            throw ProblemException.notFound();
        }
        return row;
    }

    /** A resource page; reading a published resource counts one view. */
    @Transactional
    public ResourceView read(Caller caller, UUID id) {
        reader(caller);
        return view(caller, id, true);
    }

    private ResourceView view(Caller caller, UUID id, boolean countView) {
        ResourceRow row = visible(caller, id);
        boolean published = "published".equals(row.status());
        if (countView && published) {
            resources.countView(id);
        }
        long views = longValue("SELECT view_count FROM resource WHERE id = ?", id);
        List<String> levers = sortLevers(strings("SELECT theme_slug FROM resource_lever WHERE resource_id = ?", id));
        List<String> territories = strings("SELECT territory_code FROM resource_territory WHERE resource_id = ? ORDER BY territory_code", id);
        List<String> competences = strings("SELECT competence_slug FROM resource_competence WHERE resource_id = ? ORDER BY competence_slug", id);
        List<String> authors = strings("SELECT name FROM resource_author WHERE resource_id = ? ORDER BY position", id);
        long useful = longValue("SELECT count(*) FROM resource_useful WHERE resource_id = ?", id);
        boolean mine = longValue("SELECT count(*) FROM resource_useful WHERE resource_id = ? AND user_id = ?", id, caller.userId()) > 0;
        List<String> adapted = strings("SELECT DISTINCT territory_code FROM resource_adaptation WHERE resource_id = ? "
                + "AND territory_code IS NOT NULL ORDER BY territory_code", id);
        long adaptations = longValue("SELECT count(*) FROM resource_adaptation WHERE resource_id = ?", id);
        List<Neighbour> neighbours = published ? neighbours(row, levers) : List.of();
        return new ResourceView(row.id(), row.title(), row.summary(), row.body(), row.link(), row.door(), levers, row.format(),
                row.maturity(), row.minutes(), territories, competences, authors, row.licence(), row.status(), row.featured(),
                row.proposerId(), names.displayName(row.proposerId()), row.reviewComment(), row.createdAt(), row.updatedAt(),
                row.publishedAt(), views, useful, mine, adapted, adaptations, canEdit(caller, row), caller.role().animates(), neighbours);
    }

    /** For each lever of the resource, the published resources of the other doors: most featured and useful first. */
    private List<Neighbour> neighbours(ResourceRow row, List<String> levers) {
        List<Neighbour> found = new ArrayList<>();
        for (String lever : levers) {
            for (String door : ResourceViews.DOORS) {
                if (door.equals(row.door())) {
                    continue;
                }
                List<ResourceSummary> near = summaries("r.status = 'published' AND r.door = ? AND r.id <> ? "
                        + "AND EXISTS (SELECT 1 FROM resource_lever l WHERE l.resource_id = r.id AND l.theme_slug = ?) "
                        + "ORDER BY r.featured DESC, useful DESC, r.published_at DESC LIMIT " + NEIGHBOURS_PER_DOOR, List.of(door, row.id(), lever));
                if (!near.isEmpty()) {
                    found.add(new Neighbour(lever, door, near));
                }
            }
        }
        return found;
    }

    @Transactional(readOnly = true)
    public LibraryPage library(Caller caller, Filters filters) {
        reader(caller);
        StringBuilder where = new StringBuilder("r.status = 'published'");
        List<Object> values = new ArrayList<>();
        if (filters.door() != null && !filters.door().isBlank()) {
            where.append(" AND r.door = ?");
            values.add(filters.door());
        }
        if (filters.format() != null && !filters.format().isBlank()) {
            where.append(" AND r.format = ?");
            values.add(filters.format());
        }
        if (filters.maturity() != null && !filters.maturity().isBlank()) {
            where.append(" AND r.maturity = ?");
            values.add(filters.maturity());
        }
        if (filters.maxMinutes() != null) {
            where.append(" AND r.minutes <= ?");
            values.add(filters.maxMinutes());
        }
        if (filters.lever() != null && !filters.lever().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM resource_lever l WHERE l.resource_id = r.id AND l.theme_slug = ?)");
            values.add(filters.lever());
        }
        if (filters.territory() != null && !filters.territory().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM resource_territory t WHERE t.resource_id = r.id AND t.territory_code = ?)");
            values.add(filters.territory());
        }
        if (filters.competence() != null && !filters.competence().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM resource_competence c WHERE c.resource_id = r.id AND c.competence_slug = ?)");
            values.add(filters.competence());
        }
        String order = "r.featured DESC, r.published_at DESC";
        String q = filters.q() == null ? "" : filters.q().strip();
        if (!q.isEmpty()) {
            if (q.length() > MAX_QUERY) {
                throw ProblemException.invalid("q", "give 1 to " + MAX_QUERY + " characters");
            }
            String tsq = tsquery(q);
            if (tsq.isBlank()) {
                return new LibraryPage(List.of(), 0);
            }
            where.append(" AND r.search @@ ?::tsquery");
            values.add(tsq);
            order = "ts_rank(r.search, ?::tsquery) DESC, r.published_at DESC";
        }
        int total = (int) longValue("SELECT count(*) FROM resource r WHERE " + where, values.toArray());
        List<Object> pageValues = new ArrayList<>(values);
        if (!q.isEmpty()) {
            pageValues.add(values.get(values.size() - 1));
        }
        List<ResourceSummary> page = summaries(where + " ORDER BY " + order + " LIMIT " + PAGE + " OFFSET " + Math.max(0, filters.offset()), pageValues);
        return new LibraryPage(page, total);
    }

    private String tsquery(String q) {
        List<String> args = new ArrayList<>();
        String sql = ResourceSearchQuery.of(q, args);
        return jdbc.prepareStatement("SELECT (" + sql + ")::text", ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** The proposer's own resources, every status. */
    @Transactional(readOnly = true)
    public List<ResourceSummary> mine(Caller caller) {
        reader(caller);
        return summaries("r.proposer_id = ? ORDER BY r.updated_at DESC", List.of(caller.userId()));
    }

    /** What waits for review, oldest first. */
    @Transactional(readOnly = true)
    public List<ResourceSummary> reviewQueue(Caller caller) {
        reviewer(caller);
        return summaries("r.status = 'in_review' ORDER BY r.updated_at", List.of());
    }

    // ---- premier survol and paths

    @Transactional(readOnly = true)
    public Overview overview(Caller caller) {
        reader(caller);
        Map<String, Integer> counts = new HashMap<>();
        jdbc.prepareStatement("SELECT l.theme_slug, r.door, count(*) FROM resource r JOIN resource_lever l ON l.resource_id = r.id "
                + "WHERE r.status = 'published' GROUP BY l.theme_slug, r.door", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3));
                }
            }
            return null;
        });
        Map<String, UUID> featuredIds = new HashMap<>();
        jdbc.prepareStatement("SELECT DISTINCT ON (l.theme_slug, r.door) l.theme_slug, r.door, r.id FROM resource r "
                + "JOIN resource_lever l ON l.resource_id = r.id WHERE r.status = 'published' AND r.featured "
                + "ORDER BY l.theme_slug, r.door, r.published_at DESC", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    featuredIds.put(rs.getString(1) + "/" + rs.getString(2), rs.getObject(3, UUID.class));
                }
            }
            return null;
        });
        Map<UUID, ResourceSummary> featured = byId(new ArrayList<>(new LinkedHashSet<>(featuredIds.values())));
        List<OverviewLever> levers = new ArrayList<>();
        for (ThemeView lever : leverSlugs().values()) {
            List<OverviewCell> cells = new ArrayList<>();
            for (String door : ResourceViews.DOORS) {
                String key = lever.slug() + "/" + door;
                cells.add(new OverviewCell(door, counts.getOrDefault(key, 0), featuredIds.containsKey(key) ? featured.get(featuredIds.get(key)) : null));
            }
            PathView path = pathOf(lever.slug());
            levers.add(new OverviewLever(lever.slug(), lever.labelFr(), lever.labelEn(), cells, path.steps(), path.minutes()));
        }
        return new Overview(ResourceViews.DOORS, levers);
    }

    @Transactional(readOnly = true)
    public PathView path(Caller caller, String lever) {
        reader(caller);
        if (!leverSlugs().containsKey(lever)) {
            throw ProblemException.notFound();
        }
        return pathOf(lever);
    }

    private PathView pathOf(String lever) {
        List<ResourceSummary> steps = summaries("r.status = 'published' AND r.id IN (SELECT resource_id FROM resource_path_step WHERE lever_slug = ?) "
                + "ORDER BY (SELECT position FROM resource_path_step s WHERE s.lever_slug = ? AND s.resource_id = r.id)", List.of(lever, lever));
        return new PathView(lever, steps, steps.stream().mapToInt(ResourceSummary::minutes).sum());
    }

    /**
     * Sets the "start here" path of a lever: 3 to 5 distinct published resources of that lever,
     * at most an hour in total, in the order given; an empty list removes the path.
     */
    @Transactional
    public PathView setPath(Caller caller, String lever, List<UUID> resourceIds) {
        reviewer(caller);
        if (!leverSlugs().containsKey(lever)) {
            throw ProblemException.notFound();
        }
        List<UUID> ids = resourceIds == null ? List.of() : resourceIds;
        if (!ids.isEmpty()) {
            if (new LinkedHashSet<>(ids).size() != ids.size()) {
                throw ProblemException.invalid("resourceIds", "a resource appears twice in the path");
            }
            if (ids.size() < PATH_MIN || ids.size() > PATH_MAX) {
                throw ProblemException.invalid("resourceIds", "a path holds " + PATH_MIN + " to " + PATH_MAX + " resources");
            }
            Map<UUID, ResourceSummary> found = byId(ids);
            for (UUID id : ids) {
                ResourceSummary s = found.get(id);
                if (s == null || !"published".equals(s.status()) || !s.levers().contains(lever)) {
                    throw ProblemException.invalid("resourceIds", "every step must be a published resource of this lever");
                }
            }
            int minutes = ids.stream().mapToInt(id -> found.get(id).minutes()).sum();
            if (minutes > PATH_MINUTES) {
                throw ProblemException.invalid("resourceIds", "a path takes at most " + PATH_MINUTES + " minutes in total");
            }
        }
        update("DELETE FROM resource_path_step WHERE lever_slug = ?", lever);
        for (int i = 0; i < ids.size(); i++) {
            update("INSERT INTO resource_path_step (lever_slug, position, resource_id) VALUES (?, ?, ?)", lever, i, ids.get(i));
        }
        return pathOf(lever);
    }

    // ---- utile, adaptations, report

    @Transactional
    public UsefulView useful(Caller caller, UUID id, boolean useful) {
        reader(caller);
        ResourceRow row = visible(caller, id);
        if (!"published".equals(row.status())) {
            throw ProblemException.conflict("Only a published resource can be marked useful");
        }
        if (useful) {
            update("INSERT INTO resource_useful (resource_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    id, caller.userId(), Timestamp.from(clock.instant()));
        } else {
            update("DELETE FROM resource_useful WHERE resource_id = ? AND user_id = ?", id, caller.userId());
        }
        return new UsefulView(useful, longValue("SELECT count(*) FROM resource_useful WHERE resource_id = ?", id));
    }

    /**
     * Records that a member made a published text resource their own: the client created the
     * document in one of the member's workspaces (workspace API) and seeded it; the territory
     * is the one given or the member's own.
     */
    @Transactional
    public AdaptationView adapt(Caller caller, UUID id, AdaptationCommand command) {
        reader(caller);
        ResourceRow row = visible(caller, id);
        if (!"published".equals(row.status()) || !"text".equals(row.format())) {
            throw ProblemException.conflict("Only a published text resource can be made one's own");
        }
        if (workspaces.documentWorkspace(caller.userId(), command.documentId()).isEmpty()) {
            throw ProblemException.forbidden("You are not a member of this document's workspace");
        }
        String territory = command.territory() == null || command.territory().isBlank()
                ? directory.territoryOf(caller.userId()).map(t -> t.code()).orElse(null) : command.territory().strip();
        if (territory != null && reference.territory(territory).isEmpty()) {
            throw ProblemException.invalid("territory", "unknown territory");
        }
        Optional<AdaptationView> replay = idempotency.claim(caller.userId(), command.idempotencyKey(), "resource.adapt",
                Map.of("resource", id, "command", command), AdaptationView.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        UUID adaptation = UUID.randomUUID();
        update("INSERT INTO resource_adaptation (id, resource_id, document_id, user_id, territory_code, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id) DO NOTHING", adaptation, id, command.documentId(),
                caller.userId(), territory, Timestamp.from(clock.instant()));
        AdaptationView view = jdbc.prepareStatement("SELECT id, resource_id, document_id, territory_code FROM resource_adaptation WHERE document_id = ?", ps -> {
            ps.setObject(1, command.documentId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new AdaptationView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4));
            }
        });
        idempotency.complete(caller.userId(), command.idempotencyKey(), view);
        return view;
    }

    /** Per lever: published resources, views, utile marks, adaptations, the most useful; per territory too. */
    @Transactional(readOnly = true)
    public Report report(Caller caller) {
        reviewer(caller);
        List<ReportLine> lines = new ArrayList<>();
        for (ThemeView lever : leverSlugs().values()) {
            String inLever = "r.status = 'published' AND EXISTS (SELECT 1 FROM resource_lever l WHERE l.resource_id = r.id AND l.theme_slug = ?)";
            int published = (int) longValue("SELECT count(*) FROM resource r WHERE " + inLever, lever.slug());
            long views = longValue("SELECT coalesce(sum(r.view_count), 0) FROM resource r WHERE " + inLever, lever.slug());
            long useful = longValue("SELECT count(*) FROM resource_useful u JOIN resource r ON r.id = u.resource_id WHERE " + inLever, lever.slug());
            long adaptations = longValue("SELECT count(*) FROM resource_adaptation a JOIN resource r ON r.id = a.resource_id WHERE " + inLever, lever.slug());
            List<ResourceSummary> top = summaries(inLever + " ORDER BY useful DESC, r.published_at DESC LIMIT 3", List.of(lever.slug()));
            lines.add(new ReportLine(lever.slug(), lever.labelFr(), lever.labelEn(), published, views, useful, adaptations, top));
        }
        List<TerritoryLine> territories = jdbc.prepareStatement("""
                SELECT code, sum(resources)::int, sum(adaptations) FROM (
                    SELECT t.territory_code AS code, count(*) AS resources, 0 AS adaptations FROM resource_territory t
                    JOIN resource r ON r.id = t.resource_id WHERE r.status = 'published' GROUP BY t.territory_code
                    UNION ALL
                    SELECT a.territory_code, 0, count(*) FROM resource_adaptation a WHERE a.territory_code IS NOT NULL GROUP BY a.territory_code
                ) x GROUP BY code ORDER BY code""", ps -> {
            List<TerritoryLine> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new TerritoryLine(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
            return list;
        });
        return new Report(lines, territories);
    }

    // ---- SQL helpers

    private Map<UUID, ResourceSummary> byId(List<UUID> ids) {
        Map<UUID, ResourceSummary> map = new HashMap<>();
        if (ids.isEmpty()) {
            return map;
        }
        for (ResourceSummary s : summaries("r.id = ANY (?)", java.util.Collections.singletonList((Object) ids.toArray(new UUID[0])))) {
            map.put(s.id(), s);
        }
        return map;
    }

    private List<ResourceSummary> summaries(String whereAndOrder, List<?> values) {
        Map<String, Integer> order = leverOrder();
        return jdbc.prepareStatement("SELECT " + SUMMARY_COLUMNS + " FROM resource r WHERE " + whereAndOrder, ps -> {
            bind(ps, values.toArray());
            List<ResourceSummary> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array levers = rs.getArray(12);
                    List<String> slugs = new ArrayList<>(List.of((String[]) levers.getArray()));
                    slugs.sort(Comparator.comparing(s -> order.getOrDefault(s, Integer.MAX_VALUE)));
                    Timestamp published = rs.getTimestamp(10);
                    list.add(new ResourceSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            slugs, rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getBoolean(9),
                            rs.getLong(11), published == null ? null : published.toInstant()));
                }
            }
            return list;
        });
    }

    private Map<String, Integer> leverOrder() {
        Map<String, Integer> order = new HashMap<>();
        int i = 0;
        for (String slug : leverSlugs().keySet()) {
            order.put(slug, i++);
        }
        return order;
    }

    private List<String> sortLevers(List<String> levers) {
        Map<String, Integer> order = leverOrder();
        List<String> sorted = new ArrayList<>(levers);
        sorted.sort(Comparator.comparing(s -> order.getOrDefault(s, Integer.MAX_VALUE)));
        return sorted;
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof UUID[] array) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("uuid", array));
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    private int update(String sql, Object... values) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, values);
            return ps.executeUpdate();
        });
    }

    private long longValue(String sql, Object... values) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, values);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private List<String> strings(String sql, Object... values) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, values);
            List<String> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
            return list;
        });
    }
}
