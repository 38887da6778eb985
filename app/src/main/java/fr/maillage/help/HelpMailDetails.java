package fr.maillage.help;

import fr.maillage.core.error.ProblemException;
import fr.maillage.help.HelpViews.PostMessageCommand;
import fr.maillage.notification.EmailCallers;
import fr.maillage.notification.NoticeDetails;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which help notices can be answered by e-mail, and how: a reply to "your request was accepted"
 * (the requester), "thank you" (the helper) or "a new message" (either; the e-mail quotes it) is a message of the request's private
 * conversation, posted through {@link HelpService#postMessage} like the web's socket command
 * (only the requester and the helper write there, and only once someone accepted). Offers and
 * escalations are not answerable: their recipients are not in the conversation.
 */
@Singleton
class HelpMailDetails implements NoticeDetails {
    static final String REPLY_KIND = "help.conversation";
    private static final Set<String> ANSWERABLE = Set.of("help.accepted", "help.thanked", "help.message");
    private static final String LINK_PREFIX = "/help/";

    private final HelpAccess access;
    private final HelpService help;
    private final EmailCallers callers;

    HelpMailDetails(HelpAccess access, HelpService help, EmailCallers callers) {
        this.access = access;
        this.help = help;
        this.callers = callers;
    }

    @Override
    public boolean covers(String kind) {
        return kind.startsWith("help.");
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Detail> detail(UUID recipientId, String kind, String link, Map<String, Object> data, String language) {
        if (!ANSWERABLE.contains(kind) || link == null || !link.startsWith(LINK_PREFIX)) {
            return Optional.empty();
        }
        UUID requestId;
        try {
            requestId = UUID.fromString(link.substring(LINK_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!access.canReadThread(recipientId, requestId)) {
            return Optional.empty();
        }
        if ("help.message".equals(kind)) {
            // The message itself, as it is now: a message hidden by moderation since is not quoted.
            Optional<HelpService.ModeratedMessage> message = messageOf(data)
                    .flatMap(help::moderatedMessage)
                    .filter(m -> !m.hidden() && m.requestId().equals(requestId));
            if (message.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Detail(Map.of(), message.get().body(), help.messageTime(message.get().id()), REPLY_KIND, requestId));
        }
        return Optional.of(new Detail(Map.of(), null, null, REPLY_KIND, requestId));
    }

    private static Optional<UUID> messageOf(Map<String, Object> data) {
        try {
            return Optional.ofNullable(data.get("messageId")).map(String::valueOf).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean answers(String replyKind) {
        return REPLY_KIND.equals(replyKind);
    }

    /** A message in the conversation; {@link HelpService#postMessage} checks who may write and replays a repeated key. */
    @Override
    @Transactional
    public void reply(UUID userId, String replyKind, UUID requestId, String markdown, String idempotencyKey) {
        String body = markdown.length() > HelpViews.MESSAGE_MAX ? markdown.substring(0, HelpViews.MESSAGE_MAX) : markdown;
        if (body.isBlank()) {
            throw ProblemException.invalid("body", "empty message");
        }
        help.postMessage(callers.of(userId), new PostMessageCommand(idempotencyKey, requestId, body));
    }
}
