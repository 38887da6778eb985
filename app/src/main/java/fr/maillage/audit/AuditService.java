package fr.maillage.audit;

import fr.maillage.audit.AuditRows.AuditEntryRow;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PersonNames;
import fr.maillage.core.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The audit log: every administrative and moderation action, written in the same transaction as
 * the action (so a rolled-back action leaves no entry, and a committed one always has one), and
 * readable by administrators only. Nothing here edits or deletes an entry.
 */
@Singleton
public class AuditService {
    public static final int MAX_PAGE = 200;

    private final AuditRepository entries;
    private final PersonNames names;
    private final JsonMapper json;
    private final Clock clock;

    AuditService(AuditRepository entries, PersonNames names, JsonMapper json, Clock clock) {
        this.entries = entries;
        this.names = names;
        this.json = json;
        this.clock = clock;
    }

    /** What an action was done to: a kind ("person", "invitation", "thread", "post"), its id and a name to show. */
    public record Target(String kind, String id, @Nullable String name) {
        public static Target person(UUID id, @Nullable String name) {
            return new Target("person", id.toString(), name);
        }
    }

    /**
     * Records an action inside the caller's transaction. {@code before} and {@code after} are
     * small maps or values (serialised as JSON), null where there is nothing to show.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void record(Caller actor, String action, Target target, @Nullable Object before, @Nullable Object after) {
        entries.save(new AuditEntryRow(null, clock.instant(), actor.userId(), names.displayName(actor.userId()), action,
                target.kind(), target.id(), target.name(), toJson(before), toJson(after)));
    }

    @Serdeable
    public record AuditEntryView(long id, Instant at, @Nullable UUID actorId, String actorName, String action,
                                 String targetKind, String targetId, @Nullable String targetName,
                                 @Nullable String before, @Nullable String after) {
    }

    @Serdeable
    public record AuditPage(List<AuditEntryView> entries, @Nullable Long next) {
    }

    @Transactional(readOnly = true)
    public AuditPage list(Caller caller, @Nullable UUID actorId, @Nullable String action, @Nullable String targetId,
                          @Nullable Instant from, @Nullable Instant to, @Nullable Long before, @Nullable Integer limit) {
        caller.requireRole(Role.ADMINISTRATOR);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ProblemException.invalid("limit", "give 1 to " + MAX_PAGE);
        }
        if (action != null && action.length() > 80) {
            throw ProblemException.invalid("action", "give at most 80 characters");
        }
        if (targetId != null && targetId.length() > 80) {
            throw ProblemException.invalid("target", "give at most 80 characters");
        }
        List<AuditEntryView> page = entries.find(actorId, action, targetId, from, to, before, size + 1).stream()
                .map(r -> new AuditEntryView(r.id(), r.at(), r.actorId(), r.actorName(), r.action(), r.targetKind(),
                        r.targetId(), r.targetName(), r.before(), r.after()))
                .toList();
        Long next = page.size() > size ? page.get(size - 1).id() : null;
        return new AuditPage(page.size() > size ? page.subList(0, size) : page, next);
    }

    private String toJson(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
