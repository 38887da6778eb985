package fr.maillage.notification;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.PublicUrl;
import fr.maillage.mail.InboundMailConfig;
import fr.maillage.mail.InboundMailHandler;
import fr.maillage.mail.MailService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Replies by e-mail: a message sent to a reply address is posted as the person the address was
 * made for, through the feature's own command ({@link NoticeDetails#reply}), once per
 * Message-ID even when delivered twice or read by two nodes at once (the ledger row and the
 * post commit together). Auto-replies are dropped silently; a bad or expired token, another
 * sender, an empty reply or a refused command get an explanatory bounce, never a post.
 */
@Singleton
public class EmailReplies implements InboundMailHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EmailReplies.class);
    private static final Session PARSER = Session.getInstance(new Properties());

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final NotificationReplyTokens tokens;
    private final List<NoticeDetails> details;
    private final NotificationMessages messages;
    private final MailService mail;
    private final PublicUrl publicUrl;
    private final InboundMailConfig config;
    private final Clock clock;

    EmailReplies(JdbcOperations jdbc, TransactionOperations<Connection> transactions, NotificationReplyTokens tokens,
                 List<NoticeDetails> details, NotificationMessages messages, MailService mail, PublicUrl publicUrl,
                 InboundMailConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tokens = tokens;
        this.details = details;
        this.messages = messages;
        this.mail = mail;
        this.publicUrl = publicUrl;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void handle(byte[] raw) {
        MimeMessage message;
        String messageId;
        try {
            message = new MimeMessage(PARSER, new ByteArrayInputStream(raw));
            messageId = message.getMessageID();
        } catch (MessagingException e) {
            LOG.warn("inbound mail unparsable error={}", e.getClass().getSimpleName());
            return;
        }
        if (messageId == null || messageId.isBlank()) {
            messageId = "<sha256-" + hash(raw) + ">";
        }
        String key = messageId;
        purgeOld();
        if (autoReply(message)) {
            record(key, "ignored", null, raw);
            LOG.info("inbound mail ignored reason=auto-reply");
            return;
        }
        String sender = sender(message);
        Optional<NotificationReplyTokens.Grant> grant = recipients(message).stream().map(tokens::tokenOf).flatMap(Optional::stream)
                .findFirst().flatMap(t -> transactions.executeRead(s -> tokens.verify(t)));
        if (grant.isEmpty()) {
            refuse(key, null, raw, message, sender, "reply.bounce.token", Map.of());
            return;
        }
        UUID userId = grant.get().userId();
        String owner = transactions.executeRead(s -> jdbc.prepareStatement("SELECT email FROM app_user WHERE id = ?", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }));
        if (owner == null || sender == null || !owner.equalsIgnoreCase(sender)) {
            refuse(key, userId, raw, message, sender, "reply.bounce.sender", Map.of());
            return;
        }
        String text = ReplyText.strip(text(message));
        if (text.isBlank()) {
            refuse(key, userId, raw, message, sender, "reply.bounce.empty", Map.of());
            return;
        }
        NoticeDetails target = details.stream().filter(d -> d.answers(grant.get().replyKind())).findFirst().orElse(null);
        if (target == null) {
            refuse(key, userId, raw, message, sender, "reply.bounce.token", Map.of());
            return;
        }
        try {
            boolean posted = transactions.executeWrite(s -> {
                if (!record(key, "posted", userId, raw)) {
                    return false;  // this Message-ID was handled already, here or on another node
                }
                target.reply(userId, grant.get().replyKind(), grant.get().target(), text, "mail:" + hash(key.getBytes(StandardCharsets.UTF_8)).substring(0, 40));
                return true;
            });
            LOG.info("inbound mail {} userId={} kind={}", posted ? "posted" : "already handled", userId, grant.get().replyKind());
        } catch (ProblemException e) {
            refuse(key, userId, raw, message, sender, "reply.bounce.refused", Map.of("reason", e.getMessage() == null ? "" : e.getMessage()));
        }
    }

    /** Inserts the ledger row; false when this Message-ID was already recorded. Joins the caller's transaction if any. */
    private boolean record(String messageId, String outcome, UUID userId, byte[] raw) {
        return transactions.executeWrite(s -> jdbc.prepareStatement("""
                INSERT INTO notification_inbound_mail (message_id, received_at, outcome, user_id, raw) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (message_id) DO NOTHING""", ps -> {
            ps.setString(1, messageId);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, outcome);
            ps.setObject(4, userId);
            ps.setBytes(5, raw);
            return ps.executeUpdate() == 1;
        }));
    }

    private void refuse(String messageId, UUID userId, byte[] raw, MimeMessage message, String sender, String reasonKey, Map<String, ?> params) {
        transactions.executeWrite(s -> {
            if (!record(messageId, "refused", userId, raw) || sender == null) {
                return null;
            }
            String lang = language(userId);
            String subject = subject(message);
            String body = messages.text(lang, "reply.bounce.intro", Map.of("subject", subject)) + "\n\n"
                    + messages.text(lang, reasonKey, params) + "\n\n" + messages.text(lang, "reply.bounce.outro", Map.of("url", publicUrl.link("/")));
            // Auto-Submitted: an auto-reply of ours must never start a loop with another robot.
            mail.enqueue(sender, messages.text(lang, "reply.bounce.subject", Map.of()), body, null, Map.of("Auto-Submitted", "auto-replied"));
            return null;
        });
        LOG.info("inbound mail refused reason={} userId={}", reasonKey, userId);
    }

    private String language(UUID userId) {
        if (userId == null) {
            return "fr";
        }
        return jdbc.prepareStatement("SELECT language FROM app_user WHERE id = ?", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? NotificationMessages.language(rs.getString(1)) : "fr";
            }
        });
    }

    private void purgeOld() {
        Instant before = clock.instant().minus(config.keepRaw());
        transactions.executeWrite(s -> jdbc.prepareStatement("UPDATE notification_inbound_mail SET raw = NULL WHERE raw IS NOT NULL AND received_at < ?",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(before));
                    return ps.executeUpdate();
                }));
    }

    /** RFC 3834 Auto-Submitted, the common X- headers of vacation responders, bulk precedence, and bounces (empty Return-Path). */
    static boolean autoReply(MimeMessage message) {
        try {
            String autoSubmitted = message.getHeader("Auto-Submitted", null);
            if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
                return true;
            }
            for (String header : List.of("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")) {
                if (message.getHeader(header, null) != null && !"X-Auto-Response-Suppress".equals(header)) {
                    return true;
                }
            }
            String precedence = message.getHeader("Precedence", null);
            if (precedence != null && List.of("bulk", "junk", "list", "auto_reply").contains(precedence.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
            String returnPath = message.getHeader("Return-Path", null);
            return returnPath != null && returnPath.trim().equals("<>");
        } catch (MessagingException e) {
            return true;
        }
    }

    private static String sender(MimeMessage message) {
        try {
            Address[] from = message.getFrom();
            return from != null && from.length > 0 && from[0] instanceof InternetAddress a ? a.getAddress() : null;
        } catch (MessagingException e) {
            return null;
        }
    }

    private static List<String> recipients(MimeMessage message) {
        List<String> list = new ArrayList<>();
        try {
            Address[] all = message.getAllRecipients();
            if (all != null) {
                for (Address a : all) {
                    if (a instanceof InternetAddress ia) {
                        list.add(ia.getAddress());
                    }
                }
            }
            for (String header : List.of("Delivered-To", "X-Original-To")) {
                String[] values = message.getHeader(header);
                if (values != null) {
                    list.addAll(List.of(values));
                }
            }
        } catch (MessagingException e) {
            LOG.debug("inbound recipients unreadable");
        }
        return list;
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject() == null ? "" : message.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    /** The text/plain part, else the HTML part reduced to text. */
    static String text(Part part) {
        try {
            if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return String.valueOf(part.getContent());
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                String html = null;
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    if (child.isMimeType("text/html")) {
                        html = html == null ? htmlToText(String.valueOf(child.getContent())) : html;
                        continue;
                    }
                    String text = text(child);
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
                return html == null ? "" : html;
            }
            if (part.isMimeType("text/html")) {
                return htmlToText(String.valueOf(part.getContent()));
            }
            return "";
        } catch (MessagingException | IOException e) {
            return "";
        }
    }

    /** Enough of HTML to Markdown for a reply: paragraphs and line breaks kept, quotes dropped, tags removed. */
    static String htmlToText(String html) {
        String s = html.replaceAll("(?is)<(head|style|script)[^>]*>.*?</\\1>", "")
                .replaceAll("(?is)<blockquote[^>]*>.*", "")
                .replaceAll("(?is)<div[^>]*class=\"?gmail_quote.*", "")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</(p|div|li|h\\d)>", "\n\n")
                .replaceAll("(?i)<(strong|b)>", "**").replaceAll("(?i)</(strong|b)>", "**")
                .replaceAll("(?s)<[^>]+>", "");
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        return s.replaceAll("\n{3,}", "\n\n").strip();
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
