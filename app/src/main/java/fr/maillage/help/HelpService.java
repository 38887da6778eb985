package fr.maillage.help;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.socket.SocketCommandHandler.CommandResult;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamEvent;
import fr.maillage.core.stream.StreamService;
import fr.maillage.directory.DirectoryService;
import fr.maillage.directory.DirectoryViews.PioneerProfile;
import fr.maillage.directory.DirectoryViews.Territory;
import fr.maillage.discussion.DiscussionAccess;
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand;
import fr.maillage.discussion.DiscussionService;
import fr.maillage.help.HelpMatching.Candidate;
import fr.maillage.help.HelpMatching.Match;
import fr.maillage.help.HelpMatching.Need;
import fr.maillage.help.HelpViews.Board;
import fr.maillage.help.HelpViews.CreateHelpRequestCommand;
import fr.maillage.help.HelpViews.HelpPage;
import fr.maillage.help.HelpViews.HelpRequestView;
import fr.maillage.help.HelpViews.InviteReaderCommand;
import fr.maillage.help.HelpViews.InvitedReader;
import fr.maillage.help.HelpViews.ReadersView;
import fr.maillage.audit.AuditService;
import fr.maillage.help.HelpViews.MatchView;
import fr.maillage.help.HelpViews.MessageView;
import fr.maillage.help.HelpViews.MyHelp;
import fr.maillage.help.HelpViews.PassCommand;
import fr.maillage.help.HelpViews.Person;
import fr.maillage.help.HelpViews.PostMessageCommand;
import fr.maillage.help.HelpViews.ReasonView;
import fr.maillage.help.HelpViews.SolveCommand;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import fr.maillage.reference.ReferenceService;
import fr.maillage.reference.ReferenceViews.CompetenceView;
import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Help requests: ask, match, offer, accept (one winner), pass, talk privately, solve, escalate.
 * Each command is one transaction (check, write, append to {@code help:<id>}, notify).
 */
@Singleton
public class HelpService {
    private static final Logger LOG = LoggerFactory.getLogger(HelpService.class);
    private static final int PUBLISHED_MAX = 19_000;

    private final JdbcOperations jdbc;
    private final StreamService streams;
    private final Idempotency idempotency;
    private final HelpAccess access;
    private final DiscussionAccess themes;
    private final DiscussionService discussions;
    private final DirectoryService directory;
    private final ReferenceService reference;
    private final NotificationService notifications;
    private final HelpConfig config;
    private final JsonMapper json;
    private final Clock clock;
    private final AuditService audit;

    HelpService(JdbcOperations jdbc, StreamService streams, Idempotency idempotency, HelpAccess access, DiscussionAccess themes,
                DiscussionService discussions, DirectoryService directory, ReferenceService reference, NotificationService notifications, HelpConfig config,
                JsonMapper json, Clock clock, AuditService audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.streams = streams;
        this.idempotency = idempotency;
        this.access = access;
        this.themes = themes;
        this.discussions = discussions;
        this.directory = directory;
        this.reference = reference;
        this.notifications = notifications;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    // ---- commands ------------------------------------------------------------------------

    @Transactional
    public HelpRequestView create(Caller caller, CreateHelpRequestCommand command) {
        caller.requireRole(Role.MEMBER, Role.FACILITATOR, Role.ADMINISTRATOR);
        Set<String> known = reference.competences().stream().map(CompetenceView::slug).collect(Collectors.toSet());
        Set<String> competences = new LinkedHashSet<>(command.competences());
        for (String slug : competences) {
            if (!known.contains(slug)) {
                throw ProblemException.invalid("competences", "unknown competence " + slug);
            }
        }
        if (!themes.canReadTheme(caller.userId(), command.theme())) {
            throw ProblemException.invalid("theme", "unknown theme");
        }
        Optional<String> replay = idempotency.claim(caller.userId(), command.idempotencyKey(), "help.create_request", command);
        if (replay.isPresent()) {
            return request(read(replay.get()));
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        update("""
                INSERT INTO help_request (id, requester_id, title, need, theme_slug, urgency, preferred_form, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)""", id, caller.userId(), command.title().strip(), command.need().strip(),
                command.theme(), command.urgency(), command.preferredForm(), Timestamp.from(now));
        for (String slug : competences) {
            update("INSERT INTO help_request_competence (request_id, competence_slug) VALUES (?, ?)", id, slug);
        }
        String stream = HelpAccess.stream(id);
        streams.ensure(stream);
        HelpRequestView view = request(id);
        streams.append(stream, "help.request_created", Map.of("request", view));
        List<Match> offered = offer(view, "first", config.topMatches());
        complete(caller, command.idempotencyKey(), id);
        LOG.info("help request created requestId={} competences={} offered={}", id, competences.size(), offered.size());
        return view;
    }

    /** The first to accept wins: the UPDATE's WHERE status = 'open' lets one transaction through. */
    @Transactional
    public HelpRequestView accept(Caller caller, UUID requestId) {
        String offer = offerState(requestId, caller.userId()).orElseThrow(ProblemException::notFound);
        if (!"offered".equals(offer)) {
            throw ProblemException.conflict("You already answered this request");
        }
        Instant now = clock.instant();
        int won = jdbc.prepareStatement("""
                UPDATE help_request SET status = 'accepted', helper_id = ?, accepted_at = ? WHERE id = ? AND status = 'open'
                """, ps -> {
            ps.setObject(1, caller.userId());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, requestId);
            return ps.executeUpdate();
        });
        if (won == 0) {
            throw ProblemException.conflict("Someone else already accepted this request");
        }
        update("UPDATE help_offer SET state = 'accepted', responded_at = ? WHERE request_id = ? AND pioneer_id = ?",
                Timestamp.from(now), requestId, caller.userId());
        update("UPDATE help_offer SET state = 'lost' WHERE request_id = ? AND state = 'offered'", requestId);
        HelpRequestView view = request(requestId);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("request", view);
        streams.append(HelpAccess.stream(requestId), "help.accepted", event);
        notifications.notify(Notice.of(view.requester().id(), "help.accepted", link(requestId),
                Map.of("title", view.title(), "helper", view.helper().displayName())).dedupedBy("help.accepted:" + requestId));
        LOG.info("help request accepted requestId={} helper={}", requestId, caller.userId());
        return view;
    }

    @Transactional
    public HelpRequestView pass(Caller caller, UUID requestId, PassCommand command) {
        String offer = offerState(requestId, caller.userId()).orElseThrow(ProblemException::notFound);
        if (!"offered".equals(offer)) {
            throw ProblemException.conflict("You already answered this request");
        }
        Instant now = clock.instant();
        update("UPDATE help_offer SET state = 'passed', pass_reason = ?, responded_at = ? WHERE request_id = ? AND pioneer_id = ?",
                command.reason().strip(), Timestamp.from(now), requestId, caller.userId());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestId", requestId);
        event.put("pioneer", person(caller.userId()));
        event.put("reason", command.reason().strip());
        streams.append(HelpAccess.stream(requestId), "help.passed", event);
        LOG.info("help offer passed requestId={} pioneer={}", requestId, caller.userId());
        return request(requestId);
    }

    /** A message of the private conversation (socket command {@code help.post_message}). */
    @Transactional
    public CommandResult postMessage(Caller caller, PostMessageCommand command) {
        HelpRequestView view = readable(caller, command.helpRequestId());
        boolean participant = caller.userId().equals(view.requester().id())
                || (view.helper() != null && caller.userId().equals(view.helper().id()));
        if (!participant) {
            throw ProblemException.forbidden("Only the requester and the helper write in this conversation");
        }
        if ("open".equals(view.status())) {
            throw ProblemException.conflict("The conversation starts once a pioneer accepts");
        }
        Optional<CommandResult> replay = idempotency.replay(caller.userId(), command.idempotencyKey(), "help.post_message", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        UUID id = UUID.randomUUID();
        update("INSERT INTO help_message (id, request_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
                id, view.id(), caller.userId(), command.body().strip(), Timestamp.from(clock.instant()));
        MessageView posted = message(id);
        StreamEvent stored = streams.append(HelpAccess.stream(view.id()), "help.message_posted", Map.of("message", posted));
        update("UPDATE help_message SET stream_seq = ? WHERE id = ?", stored.seq(), id);
        notifyOtherParticipant(view, posted);
        return idempotency.remember(caller.userId(), command.idempotencyKey(), new CommandResult(stored.seq(), Map.of("messageId", id)));
    }

    /**
     * Tells the other person of the conversation, at once (an urgent notice: e-mailed within the
     * mail scheduler's interval unless read in the app first or in their quiet hours), so a
     * conversation can be carried on by e-mail: the e-mail holds the message and its Reply-To
     * posts the answer back here ({@link HelpMailDetails}).
     */
    private void notifyOtherParticipant(HelpRequestView view, MessageView message) {
        UUID author = message.author().id();
        UUID other = author.equals(view.requester().id()) ? (view.helper() == null ? null : view.helper().id()) : view.requester().id();
        if (other == null || other.equals(author)) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", view.title());
        data.put("author", message.author().displayName());
        data.put("messageId", message.id().toString());
        notifications.notify(Notice.of(other, "help.message", link(view.id()), data).asUrgent().dedupedBy("help.message:" + message.id()));
    }

    /** The caller has read the conversation: its notices (new messages, acceptance…) are read, and no longer e-mailed. */
    @Transactional
    public void markConversationRead(Caller caller, UUID requestId) {
        HelpRequestView view = readable(caller, requestId);
        notifications.markReadByLink(caller.userId(), link(view.id()));
    }

    /** The requester marks it solved and thanks the helper, whose solved count grows by one. */
    @Transactional
    public HelpRequestView solve(Caller caller, UUID requestId, SolveCommand command) {
        HelpRequestView view = readable(caller, requestId);
        if (!caller.userId().equals(view.requester().id())) {
            throw ProblemException.forbidden("Only the person who asked marks the request solved");
        }
        String thanks = command.thanks() == null || command.thanks().isBlank() ? null : command.thanks().strip();
        Instant now = clock.instant();
        int solved = jdbc.prepareStatement("UPDATE help_request SET status = 'solved', solved_at = ?, thanks = ? WHERE id = ? AND status = 'accepted'", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, thanks);
            ps.setObject(3, requestId);
            return ps.executeUpdate();
        });
        if (solved == 0) {
            throw ProblemException.conflict("open".equals(view.status()) ? "Nobody has accepted this request yet" : "This request is already solved");
        }
        directory.creditSolved(view.helper().id());
        HelpRequestView updated = request(requestId);
        streams.append(HelpAccess.stream(requestId), "help.solved", Map.of("request", updated));
        Map<String, Object> data = new HashMap<>();
        data.put("title", updated.title());
        data.put("requester", updated.requester().displayName());
        notifications.notify(Notice.of(updated.helper().id(), "help.thanked", link(requestId), data).dedupedBy("help.thanked:" + requestId));
        LOG.info("help request solved requestId={} helper={}", requestId, updated.helper().id());
        return updated;
    }

    /**
     * The requester publishes the conversation to the request's theme as a new discussion
     * thread (through DiscussionService, in this transaction), once.
     */
    @Transactional
    public UUID publish(Caller caller, UUID requestId) {
        HelpRequestView view = readable(caller, requestId);
        if (!caller.userId().equals(view.requester().id())) {
            throw ProblemException.forbidden("Only the person who asked publishes the conversation");
        }
        if ("open".equals(view.status())) {
            throw ProblemException.conflict("Nobody has accepted this request yet");
        }
        int claimed = jdbc.prepareStatement("UPDATE help_request SET published_thread_id = ? WHERE id = ? AND published_thread_id IS NULL", ps -> {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, requestId);
            return ps.executeUpdate();
        });
        if (claimed == 0) {
            throw ProblemException.conflict("This conversation is already published");
        }
        StringBuilder body = new StringBuilder(view.need()).append("\n\n---\n");
        List<MessageView> messages = jdbc.prepareStatement(MESSAGE_SELECT + " WHERE m.request_id = ? ORDER BY m.stream_seq, m.created_at, m.id", ps -> {
            ps.setObject(1, requestId);
            return messages(ps.executeQuery());
        });
        for (MessageView message : messages) {
            if (message.hidden()) {
                continue;
            }
            body.append("\n**").append(message.author().displayName()).append("** : ").append(message.body()).append("\n");
        }
        String text = body.length() > PUBLISHED_MAX ? body.substring(0, PUBLISHED_MAX) + "…" : body.toString();
        CommandResult created = discussions.createThread(caller, new CreateThreadCommand("help-publish:" + requestId, view.theme(),
                "discussion", view.title(), text, List.of()));
        UUID threadId = UUID.fromString(String.valueOf(((Map<?, ?>) created.result()).get("threadId")));
        update("UPDATE help_request SET published_thread_id = ? WHERE id = ?", threadId, requestId);
        LOG.info("help conversation published requestId={} threadId={}", requestId, threadId);
        return threadId;
    }

    /**
     * A participant lets one facilitator or administrator read the private conversation. The
     * invitation is written to the audit log and to the stream ({@code help.reader_invited}), so
     * the other participant sees who else reads; the invited person is notified. Inviting
     * someone already invited changes nothing (one row, one audit entry, however many tries).
     */
    @Transactional
    public ReadersView inviteReader(Caller caller, UUID requestId, InviteReaderCommand command) {
        HelpRequestView view = readable(caller, requestId);
        if (!participant(caller, view)) {
            throw ProblemException.forbidden("Only the requester and the helper invite someone into the conversation");
        }
        Optional<String> role = jdbc.prepareStatement("SELECT role FROM app_user WHERE id = ? AND deactivated_at IS NULL", ps -> {
            ps.setObject(1, command.userId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
        if (role.isEmpty() || !(role.get().equals("facilitator") || role.get().equals("administrator"))) {
            throw ProblemException.invalid("userId", "must be a facilitator or an administrator");
        }
        Instant now = clock.instant();
        int added = jdbc.prepareStatement("""
                INSERT INTO help_conversation_reader (request_id, reader_id, invited_by, invited_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", ps -> {
            ps.setObject(1, requestId);
            ps.setObject(2, command.userId());
            ps.setObject(3, caller.userId());
            ps.setTimestamp(4, Timestamp.from(now));
            return ps.executeUpdate();
        });
        if (added == 1) {
            Person reader = person(command.userId());
            audit.record(caller, "help.reader_invited", new AuditService.Target("help_request", requestId.toString(), view.title()),
                    null, Map.of("reader", reader.displayName()));
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("requestId", requestId);
            event.put("reader", reader);
            event.put("invitedBy", person(caller.userId()));
            event.put("invitedAt", now);
            streams.append(HelpAccess.stream(requestId), "help.reader_invited", event);
            notifications.notify(Notice.of(reader.id(), "help.reader_invited", link(requestId),
                    Map.of("title", view.title(), "inviter", person(caller.userId()).displayName()))
                    .dedupedBy("help.reader_invited:" + requestId + ":" + reader.id()));
            LOG.info("help conversation reader invited requestId={} reader={}", requestId, reader.id());
        }
        return readers(caller, view);
    }

    private static boolean participant(Caller caller, HelpRequestView view) {
        return caller.userId().equals(view.requester().id())
                || (view.helper() != null && caller.userId().equals(view.helper().id()));
    }

    private ReadersView readers(Caller caller, HelpRequestView view) {
        List<Person> participants = new ArrayList<>();
        participants.add(view.requester());
        if (view.helper() != null) {
            participants.add(view.helper());
        }
        List<InvitedReader> invited = jdbc.prepareStatement("""
                SELECT c.reader_id, u.display_name, c.invited_by, b.display_name, c.invited_at
                FROM help_conversation_reader c JOIN app_user u ON u.id = c.reader_id LEFT JOIN app_user b ON b.id = c.invited_by
                WHERE c.request_id = ? AND u.role IN ('administrator', 'facilitator') ORDER BY c.invited_at, u.display_name""", ps -> {
            ps.setObject(1, view.id());
            List<InvitedReader> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID by = rs.getObject(3, UUID.class);
                    found.add(new InvitedReader(new Person(rs.getObject(1, UUID.class), rs.getString(2)),
                            by == null ? null : new Person(by, rs.getString(4)), rs.getTimestamp(5).toInstant()));
                }
            }
            return found;
        });
        boolean facilitators = view.escalatedAt() != null;
        List<Person> invitable = List.of();
        if (participant(caller, view) && !facilitators) {
            Set<UUID> already = invited.stream().map(i -> i.reader().id()).collect(Collectors.toSet());
            invitable = jdbc.prepareStatement("""
                    SELECT id, display_name FROM app_user WHERE role IN ('administrator', 'facilitator') AND deactivated_at IS NULL
                    ORDER BY display_name, id LIMIT 200""", ps -> {
                List<Person> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Person(rs.getObject(1, UUID.class), rs.getString(2)));
                    }
                }
                return found;
            }).stream().filter(p -> !already.contains(p.id()) && !participants.contains(p)).toList();
        }
        return new ReadersView(participants, invited, facilitators, invitable);
    }

    /**
     * Escalates every open request older than {@code maillage.help.escalate-after}: facilitators
     * and the next-ranked pioneers are told. The UPDATE ... WHERE escalated_at IS NULL claims each
     * request for one transaction only, so two nodes running this at once escalate it once.
     */
    @Transactional
    public int escalateDue() {
        Instant now = clock.instant();
        List<UUID> due = jdbc.prepareStatement("""
                UPDATE help_request SET escalated_at = ? WHERE status = 'open' AND escalated_at IS NULL AND created_at <= ?
                RETURNING id""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now.minus(config.escalateAfter())));
            return ids(ps.executeQuery());
        });
        for (UUID id : due) {
            HelpRequestView view = request(id);
            streams.append(HelpAccess.stream(id), "help.escalated", Map.of("request", view));
            List<Match> next = offer(view, "escalation", config.topMatches());
            List<UUID> facilitators = jdbc.prepareStatement("SELECT id FROM app_user WHERE role IN ('administrator', 'facilitator')",
                    ps -> ids(ps.executeQuery()));
            for (UUID facilitator : facilitators) {
                notifications.notify(Notice.of(facilitator, "help.escalated", link(id), Map.of("title", view.title()))
                        .asUrgent().dedupedBy("help.escalated:" + id));
            }
            LOG.info("help request escalated requestId={} nextPioneers={} facilitators={}", id, next.size(), facilitators.size());
        }
        return due.size();
    }

    // ---- moderation (called by the moderation feature, inside its transaction) ------------

    /** A help message as moderators see it: its text even when hidden, its author and request. */
    public record ModeratedMessage(UUID id, UUID requestId, String requestTitle, String theme, UUID authorId, String authorName,
                                   String body, boolean hidden, boolean moderated) {
        public String link() {
            return "/help/" + requestId + "#message-" + id;
        }
    }

    /** The message if this person may read its conversation and it is not hidden; 404 otherwise. */
    @Transactional(readOnly = true)
    public ModeratedMessage readableMessage(Caller caller, UUID messageId) {
        ModeratedMessage message = moderatedMessage(messageId).orElseThrow(ProblemException::notFound);
        if (message.hidden() || !access.canReadThread(caller.userId(), message.requestId())) {
            throw ProblemException.notFound();
        }
        return message;
    }

    @Transactional(readOnly = true)
    public Optional<ModeratedMessage> moderatedMessage(UUID messageId) {
        return jdbc.prepareStatement("""
                SELECT m.id, m.request_id, r.title, r.theme_slug, a.id, a.display_name, m.body, m.hidden_at IS NOT NULL,
                       m.moderated_at IS NOT NULL
                FROM help_message m JOIN help_request r ON r.id = m.request_id JOIN app_user a ON a.id = m.author_id
                WHERE m.id = ?""", ps -> {
            ps.setObject(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ModeratedMessage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7),
                        rs.getBoolean(8), rs.getBoolean(9))) : Optional.empty();
            }
        });
    }

    /** When the message was written (null if there is no such message). */
    @Transactional(readOnly = true)
    public Instant messageTime(UUID messageId) {
        return jdbc.prepareStatement("SELECT created_at FROM help_message WHERE id = ?", ps -> {
            ps.setObject(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        });
    }

    /** Hides the message: the conversation gets it empty, live ({@code help.message_moderated}) and in every replay. */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public void hideByModeration(Caller moderator, UUID messageId) {
        ModeratedMessage message = moderatedMessage(messageId).orElseThrow(ProblemException::notFound);
        update("UPDATE help_message SET hidden_at = ?, hidden_by = ? WHERE id = ? AND hidden_at IS NULL",
                Timestamp.from(clock.instant()), moderator.userId(), messageId);
        messageModerated(message.requestId(), messageId);
    }

    /** Replaces the message's text, marked as edited by moderation; the earlier text leaves the stored events. */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public void editByModeration(Caller moderator, UUID messageId, String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw ProblemException.invalid("text", "must not be blank");
        }
        if (body.length() > HelpViews.MESSAGE_MAX) {
            throw ProblemException.invalid("text", "give at most " + HelpViews.MESSAGE_MAX + " characters");
        }
        ModeratedMessage message = moderatedMessage(messageId).orElseThrow(ProblemException::notFound);
        if (message.hidden()) {
            throw ProblemException.conflict("This message was hidden");
        }
        update("UPDATE help_message SET body = ?, moderated_at = ? WHERE id = ?", body, Timestamp.from(clock.instant()), messageId);
        messageModerated(message.requestId(), messageId);
    }

    private void messageModerated(UUID requestId, UUID messageId) {
        MessageView view = message(messageId);
        String stream = HelpAccess.stream(requestId);
        jdbc.prepareStatement("UPDATE stream_event SET payload = jsonb_set(payload, '{message}', (payload -> 'message') || "
                + "jsonb_build_object('body', ?::text, 'hidden', ?, 'moderated', ?)) "
                + "WHERE stream_id = ? AND payload -> 'message' ->> 'id' = ?", ps -> {
            ps.setString(1, view.body());
            ps.setBoolean(2, view.hidden());
            ps.setBoolean(3, view.moderated());
            ps.setString(4, stream);
            ps.setString(5, messageId.toString());
            return ps.executeUpdate();
        });
        streams.append(stream, "help.message_moderated", Map.of("message", view));
        LOG.info("help message moderated messageId={} hidden={}", messageId, view.hidden());
    }

    // ---- reads ---------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public HelpPage page(Caller caller, UUID requestId) {
        HelpRequestView view = readable(caller, requestId);
        Optional<String> myOffer = offerState(requestId, caller.userId());
        if (!access.canReadThread(caller.userId(), requestId)) {
            List<MatchView> matches = caller.role().animates() ? matches(requestId) : null;
            return new HelpPage(view, matches, null, null, 0, myOffer.orElse(null), null);
        }
        String stream = HelpAccess.stream(requestId);
        long seq = streams.currentSeq(stream);
        List<MessageView> messages = jdbc.prepareStatement(MESSAGE_SELECT + " WHERE m.request_id = ? ORDER BY m.stream_seq, m.created_at, m.id", ps -> {
            ps.setObject(1, requestId);
            return messages(ps.executeQuery());
        });
        return new HelpPage(view, matches(requestId), messages, stream, seq, myOffer.orElse(null), readers(caller, view));
    }

    @Transactional(readOnly = true)
    public MyHelp mine(Caller caller) {
        return new MyHelp(
                requests(" WHERE r.requester_id = ? ORDER BY r.created_at DESC LIMIT 100", caller.userId()),
                requests(" WHERE r.status = 'open' AND EXISTS (SELECT 1 FROM help_offer o WHERE o.request_id = r.id AND o.pioneer_id = ? AND o.state = 'offered') ORDER BY r.created_at DESC LIMIT 100", caller.userId()),
                requests(" WHERE r.helper_id = ? ORDER BY r.created_at DESC LIMIT 100", caller.userId()));
    }

    /** Facilitators' board: open (on time), late (past the escalation delay), accepted, solved. */
    @Transactional(readOnly = true)
    public Board board(Caller caller) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        Timestamp lateBefore = Timestamp.from(clock.instant().minus(config.escalateAfter()));
        return new Board(
                requests(" WHERE r.status = 'open' AND r.created_at > ? ORDER BY r.created_at LIMIT 200", lateBefore),
                requests(" WHERE r.status = 'open' AND r.created_at <= ? ORDER BY r.created_at LIMIT 200", lateBefore),
                requests(" WHERE r.status = 'accepted' ORDER BY r.accepted_at DESC LIMIT 200"),
                requests(" WHERE r.status = 'solved' ORDER BY r.solved_at DESC LIMIT 50"));
    }

    // ---- matching ------------------------------------------------------------------------

    /** Ranks the pioneers not yet offered this request and offers it to the next {@code count}. */
    private List<Match> offer(HelpRequestView view, String wave, int count) {
        Optional<Territory> territory = directory.territoryOf(view.requester().id());
        Need need = new Need(view.requester().id(), new HashSet<>(view.competences()), territory.map(Territory::code).orElse(null),
                territory.map(t -> !"region".equals(t.kind())).orElse(null));
        Set<UUID> already = new HashSet<>(jdbc.prepareStatement("SELECT pioneer_id FROM help_offer WHERE request_id = ?", ps -> {
            ps.setObject(1, view.id());
            return ids(ps.executeQuery());
        }));
        List<Candidate> candidates = candidates().stream().filter(c -> !already.contains(c.userId())).toList();
        List<Match> ranked = HelpMatching.rank(need, candidates);
        List<Match> chosen = ranked.subList(0, Math.min(count, ranked.size()));
        int firstRank = already.size() + 1;
        Instant now = clock.instant();
        for (int i = 0; i < chosen.size(); i++) {
            Match match = chosen.get(i);
            update("""
                    INSERT INTO help_offer (request_id, pioneer_id, rank, score, reasons, wave, state, offered_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, ?, 'offered', ?)""", view.id(), match.userId(), firstRank + i, match.score(),
                    write(match.reasons()), wave, Timestamp.from(now));
            Map<String, Object> data = new HashMap<>();
            data.put("title", view.title());
            data.put("requester", view.requester().displayName());
            notifications.notify(Notice.of(match.userId(), "help.offered", link(view.id()), data)
                    .asUrgent().dedupedBy("help.offered:" + view.id()));
        }
        return chosen;
    }

    private List<Candidate> candidates() {
        List<PioneerProfile> pioneers = directory.pioneers();
        Map<UUID, Integer> open = counts("SELECT helper_id, count(*) FROM help_request WHERE status = 'accepted' GROUP BY helper_id", null);
        Timestamp since = Timestamp.from(clock.instant().minus(config.responsivenessWindow()));
        Map<UUID, Integer> offers = counts("SELECT pioneer_id, count(*) FROM help_offer WHERE offered_at >= ? AND state <> 'lost' GROUP BY pioneer_id", since);
        Map<UUID, Integer> answers = counts("SELECT pioneer_id, count(*) FROM help_offer WHERE offered_at >= ? AND state IN ('accepted', 'passed') GROUP BY pioneer_id", since);
        return pioneers.stream().map(p -> new Candidate(p.userId(), p.canHelp(), p.territoryCode(),
                p.territoryKind() == null ? null : !"region".equals(p.territoryKind()), p.paused(),
                open.getOrDefault(p.userId(), 0), p.maxOpenRequests(), offers.getOrDefault(p.userId(), 0),
                answers.getOrDefault(p.userId(), 0))).toList();
    }

    private Map<UUID, Integer> counts(String sql, Timestamp since) {
        return jdbc.prepareStatement(sql, ps -> {
            if (since != null) {
                ps.setTimestamp(1, since);
            }
            Map<UUID, Integer> counts = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
            return counts;
        });
    }

    // ---- helpers -------------------------------------------------------------------------

    /**
     * The request if the caller may see it: its requester, its helper, facilitators, and the
     * pioneers it was offered to. Anyone else gets "not found".
     */
    private HelpRequestView readable(Caller caller, UUID requestId) {
        HelpRequestView view = find(requestId).orElseThrow(ProblemException::notFound);
        boolean allowed = caller.role().animates() || caller.userId().equals(view.requester().id())
                || (view.helper() != null && caller.userId().equals(view.helper().id()))
                || offerState(requestId, caller.userId()).isPresent();
        if (!allowed) {
            throw ProblemException.notFound();
        }
        return view;
    }

    private Optional<String> offerState(UUID requestId, UUID pioneerId) {
        return jdbc.prepareStatement("SELECT state FROM help_offer WHERE request_id = ? AND pioneer_id = ?", ps -> {
            ps.setObject(1, requestId);
            ps.setObject(2, pioneerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    private static final String REQUEST_SELECT = """
            SELECT r.id, r.title, r.need, r.theme_slug, r.urgency, r.preferred_form, r.status, r.requester_id, q.display_name,
                   r.helper_id, h.display_name, r.created_at, r.accepted_at, r.solved_at, r.escalated_at, r.thanks,
                   coalesce((SELECT array_agg(rc.competence_slug ORDER BY c.sort_order) FROM help_request_competence rc
                             JOIN competence c ON c.slug = rc.competence_slug WHERE rc.request_id = r.id), '{}')
            FROM help_request r JOIN app_user q ON q.id = r.requester_id LEFT JOIN app_user h ON h.id = r.helper_id""";

    private static final String MESSAGE_SELECT = """
            SELECT m.id, m.request_id, m.author_id, a.display_name, m.body, m.created_at, m.hidden_at, m.moderated_at
            FROM help_message m JOIN app_user a ON a.id = m.author_id""";

    private HelpRequestView request(UUID id) {
        return find(id).orElseThrow();
    }

    private Optional<HelpRequestView> find(UUID id) {
        List<HelpRequestView> found = requests(" WHERE r.id = ?", id);
        return found.stream().findFirst();
    }

    private List<HelpRequestView> requests(String where, Object... args) {
        Instant lateBefore = clock.instant().minus(config.escalateAfter());
        return jdbc.prepareStatement(REQUEST_SELECT + where, ps -> {
            bind(ps, args);
            List<HelpRequestView> views = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID helperId = rs.getObject(10, UUID.class);
                    Instant created = rs.getTimestamp(12).toInstant();
                    String status = rs.getString(7);
                    views.add(new HelpRequestView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            List.of((String[]) rs.getArray(17).getArray()), rs.getString(5), rs.getString(6), status,
                            new Person(rs.getObject(8, UUID.class), rs.getString(9)),
                            helperId == null ? null : new Person(helperId, rs.getString(11)), created,
                            instant(rs, 13), instant(rs, 14), instant(rs, 15),
                            "open".equals(status) && !created.isAfter(lateBefore), rs.getString(16)));
                }
            }
            return views;
        });
    }

    private List<MatchView> matches(UUID requestId) {
        return jdbc.prepareStatement("""
                SELECT o.pioneer_id, u.display_name, o.rank, o.score, o.reasons::text, o.wave, o.state, o.pass_reason
                FROM help_offer o JOIN app_user u ON u.id = o.pioneer_id WHERE o.request_id = ? ORDER BY o.rank""", ps -> {
            ps.setObject(1, requestId);
            List<MatchView> views = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<ReasonView> reasons = json.readValue(rs.getString(5), Argument.listOf(ReasonView.class));
                    views.add(new MatchView(new Person(rs.getObject(1, UUID.class), rs.getString(2)), rs.getInt(3), rs.getInt(4),
                            reasons, rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return views;
        });
    }

    private MessageView message(UUID id) {
        return jdbc.prepareStatement(MESSAGE_SELECT + " WHERE m.id = ?", ps -> {
            ps.setObject(1, id);
            return messages(ps.executeQuery());
        }).get(0);
    }

    private static List<MessageView> messages(ResultSet rs) throws SQLException {
        try (rs) {
            List<MessageView> views = new ArrayList<>();
            while (rs.next()) {
                // A message hidden by moderation keeps its place without its text.
                boolean hidden = rs.getTimestamp(7) != null;
                views.add(new MessageView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        new Person(rs.getObject(3, UUID.class), rs.getString(4)), hidden ? "" : rs.getString(5),
                        rs.getTimestamp(6).toInstant(), hidden, rs.getTimestamp(8) != null));
            }
            return views;
        }
    }

    private Person person(UUID id) {
        return jdbc.prepareStatement("SELECT display_name FROM app_user WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Person(id, rs.getString(1));
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<UUID> ids(ResultSet rs) throws SQLException {
        try (rs) {
            List<UUID> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
            return ids;
        }
    }

    static String link(UUID requestId) {
        return "/help/" + requestId;
    }

    private void complete(Caller caller, String key, UUID requestId) {
        idempotency.complete(caller.userId(), key, Map.of("requestId", requestId));
    }

    private UUID read(String stored) {
        return UUID.fromString((String) readMap(stored).get("requestId"));
    }

    private Map<?, ?> readMap(String stored) {
        try {
            return json.readValue(stored, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private void update(String sql, Object... args) {
        jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            return ps.executeUpdate();
        });
    }
}
