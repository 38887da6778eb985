package fr.maillage.notification;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.schedule.ClusterJobs;
import fr.maillage.core.security.PublicUrl;
import fr.maillage.mail.InboundMailConfig;
import fr.maillage.mail.InboundMailHandler;
import fr.maillage.mail.MailService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
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
import java.time.Duration;
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
    private final ClusterJobs jobs;

    EmailReplies(JdbcOperations jdbc, TransactionOperations<Connection> transactions, NotificationReplyTokens tokens,
                 List<NoticeDetails> details, NotificationMessages messages, MailService mail, PublicUrl publicUrl,
                 InboundMailConfig config, Clock clock, ClusterJobs jobs) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tokens = tokens;
        this.details = details;
        this.messages = messages;
        this.mail = mail;
        this.publicUrl = publicUrl;
        this.config = config;
        this.clock = clock;
        this.jobs = jobs;
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
        if (autoReply(message)) {
            record(key, "ignored", null, raw);
            LOG.info("inbound mail ignored reason=auto-reply");
            return;
        }
        String sender = sender(message);
        // A write transaction: on a node that has not signed anything yet, the signing key is
        // read (or first made) in the database, with an INSERT ... ON CONFLICT DO NOTHING.
        Optional<NotificationReplyTokens.Grant> grant = recipients(message).stream().map(tokens::tokenOf).flatMap(Optional::stream)
                .findFirst().flatMap(t -> transactions.executeWrite(s -> tokens.verify(t)));
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
            refuse(key, userId, raw, message, sender, attachments(message).isEmpty() ? "reply.bounce.empty" : "reply.bounce.onlyAttachments", Map.of());
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
            List<String> files = attachments(message);
            if (posted && !files.isEmpty()) {
                note(userId, message, sender, files);
            }
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

    /** Tells the person their text was posted but its attachments were not (one note, never a loop: auto-replied). */
    private void note(UUID userId, MimeMessage message, String sender, List<String> files) {
        transactions.executeWrite(s -> {
            String lang = language(userId);
            String body = messages.text(lang, "reply.attachments.intro", Map.of("subject", subject(message), "files", String.join(", ", files)))
                    + "\n\n" + messages.text(lang, "reply.bounce.attachment", Map.of()) + "\n\n"
                    + messages.text(lang, "reply.bounce.outro", Map.of("url", publicUrl.link("/")));
            mail.enqueue(sender, messages.text(lang, "reply.attachments.subject", Map.of()), body, null, Map.of("Auto-Submitted", "auto-replied"));
            return null;
        });
        LOG.info("inbound mail attachments refused userId={} count={}", userId, files.size());
    }

    /** Every hour, one node across the cluster drops the raw messages older than {@code keep-raw}; the ledger rows stay. */
    @Scheduled(fixedDelay = "1h", initialDelay = "2m")
    void purgeScheduled() {
        transactions.executeWrite(s -> {
            if (jobs.claim("notification.inbound-raw-purge", Duration.ofHours(1))) {
                int purged = purgeRaw();
                LOG.info("inbound raw mail purged count={}", purged);
            }
            return null;
        });
    }

    /** Drops the raw messages kept longer than {@code keep-raw}; returns how many. */
    public int purgeRaw() {
        Instant before = clock.instant().minus(config.keepRaw());
        return transactions.executeWrite(s -> jdbc.prepareStatement(
                "UPDATE notification_inbound_mail SET raw = NULL WHERE raw IS NOT NULL AND received_at < ?", ps -> {
                    ps.setTimestamp(1, Timestamp.from(before));
                    return ps.executeUpdate();
                }));
    }

    /** File names of the parts sent as attachments (or inline files that are not the text itself). */
    static List<String> attachments(Part part) {
        List<String> names = new ArrayList<>();
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    names.addAll(attachments(multipart.getBodyPart(i)));
                }
            } else if (part instanceof BodyPart && (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null
                    || !(part.isMimeType("text/plain") || part.isMimeType("text/html")))) {
                names.add(part.getFileName() == null ? "?" : part.getFileName());
            }
        } catch (MessagingException | IOException e) {
            LOG.debug("inbound attachments unreadable");
        }
        return names;
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
            if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && part.getFileName() == null) {
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

    /**
     * Enough of HTML to Markdown for a reply: paragraphs and line breaks kept, bold, italics,
     * links, list items and headings turned into their Markdown, quotes dropped, other tags removed.
     */
    static String htmlToText(String html) {
        // in HTML a line break of the source is a space; only tags break lines
        String s = html.replaceAll("[ \t]*\r?\n[ \t\r\n]*", " ")
                .replaceAll("(?is)<(head|style|script)[^>]*>.*?</\\1>", "")
                .replaceAll("(?is)<blockquote[^>]*>.*", "")
                .replaceAll("(?is)<div[^>]*(class=\"?(gmail_quote|moz-cite-prefix)|id=\"?(appendonsend|divRplyFwdMsg)).*", "")
                .replaceAll("(?is)<hr[^>]*>.*", "")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</(p|div|ul|ol|h\\d)>", "\n\n")
                .replaceAll("(?i)</li>", "\n")
                .replaceAll("(?i)<li[^>]*>", "- ")
                .replaceAll("(?i)<h\\d[^>]*>", "## ")
                .replaceAll("(?i)<(strong|b)(\\s[^>]*)?>", "**").replaceAll("(?i)</(strong|b)>", "**")
                .replaceAll("(?i)<(em|i)(\\s[^>]*)?>", "*").replaceAll("(?i)</(em|i)>", "*")
                .replaceAll("(?is)<a\\s[^>]*href=\"(https?://[^\"]+)\"[^>]*>(.*?)</a>", "[$2]($1)")
                .replaceAll("(?s)<[^>]+>", "");
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        s = s.replaceAll("[ \t]+\n", "\n").replaceAll("\n[ \t]+", "\n");
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
