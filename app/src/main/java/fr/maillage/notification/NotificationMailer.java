package fr.maillage.notification;

import fr.maillage.core.security.PublicUrl;
import fr.maillage.mail.MailService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns unread notifications into e-mail, on every node at once without doubles (all state is
 * in PostgreSQL, no node remembers anything):
 * <ul>
 * <li>urgent notices, for people who want them at once, outside their quiet hours: claimed
 * with {@code FOR UPDATE SKIP LOCKED}, one e-mail each;</li>
 * <li>digests: at each person's slot (their hour, in their zone, daily or on their weekday),
 * the first node to insert {@code (person, slot)} into {@code notification_digest} sends one
 * e-mail listing what is still unread, not yet e-mailed and older than the slot.</li>
 * </ul>
 * What was read in the app before the e-mail leaves is never in it; what was e-mailed is
 * marked {@code emailed_at} in the same transaction as the outbox row.
 */
@Singleton
public class NotificationMailer {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationMailer.class);
    private static final int URGENT_BATCH = 100;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final NotificationPreferences preferences;
    private final NotificationMessages messages;
    private final NoticeMailRenderer renderer;
    private final NotificationReplyTokens replies;
    private final UnsubscribeTokens tokens;
    private final MailService mail;
    private final PublicUrl publicUrl;
    private final NotificationConfig config;
    private final JsonMapper json;
    private final Clock clock;

    NotificationMailer(JdbcOperations jdbc, TransactionOperations<Connection> transactions, NotificationPreferences preferences,
                       NotificationMessages messages, NoticeMailRenderer renderer, NotificationReplyTokens replies,
                       UnsubscribeTokens tokens, MailService mail, PublicUrl publicUrl,
                       NotificationConfig config, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.preferences = preferences;
        this.messages = messages;
        this.renderer = renderer;
        this.replies = replies;
        this.tokens = tokens;
        this.mail = mail;
        this.publicUrl = publicUrl;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${maillage.notification.mail-poll-interval:1m}", initialDelay = "5s")
    void poll() {
        run();
    }

    /** One pass: urgent e-mails, then due digests. Returns how many e-mails it queued. */
    public int run() {
        return sendUrgent() + sendDigests();
    }

    record Person(UUID id, String email, String name, String language, ZoneId zone, EmailPreferences preferences) {
    }

    record Item(UUID id, String kind, String link, Map<String, Object> data, Instant createdAt) {
    }

    /** Rows read past the digest's shown items, only to count them ("and 12 more"); they are marked e-mailed too. */
    static final int DIGEST_SCAN = 1000;

    int sendUrgent() {
        Instant now = clock.instant();
        return transactions.executeWrite(status -> {
            List<Object[]> due = jdbc.prepareStatement("""
                    SELECT n.id, n.kind, n.link, n.data::text, n.created_at, n.recipient_id FROM notification n
                    LEFT JOIN notification_preference p ON p.user_id = n.recipient_id
                    WHERE n.urgent AND n.read_at IS NULL AND n.emailed_at IS NULL AND COALESCE(p.urgent_immediately, TRUE)
                    ORDER BY n.created_at LIMIT ? FOR UPDATE OF n SKIP LOCKED
                    """, ps -> {
                ps.setInt(1, URGENT_BATCH);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[]{new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), read(rs.getString(4)),
                                rs.getTimestamp(5).toInstant()), rs.getObject(6, UUID.class)});
                    }
                }
                return rows;
            });
            int sent = 0;
            for (Object[] row : due) {
                Item item = (Item) row[0];
                if (stale(item, now)) {
                    markEmailed(List.of(item.id()), now);  // e.g. a reminder held by quiet hours until its session began
                    continue;
                }
                Person person = person((UUID) row[1]);
                if (person.preferences().quiet(now, person.zone())) {
                    continue;  // stays unread and un-e-mailed: the next pass after the quiet hours, or the digest, takes it
                }
                NoticeMailRenderer.Entry entry = renderer.render(person.id(), person.language(), person.zone(), item.id(), item.kind(),
                        item.link(), item.data(), item.createdAt(), NoticeMailRenderer.EXCERPT_CHARS);
                UUID mailId = queue(person, UnsubscribeTokens.URGENT,
                        messages.text(person.language(), "urgent.subject", Map.of("message", entry.line())), "urgent.intro", List.of(entry), 0);
                markEmailed(List.of(item.id()), now);
                LOG.info("urgent notice e-mailed notificationId={} mailId={}", item.id(), mailId);
                sent++;
            }
            return sent;
        });
    }

    int sendDigests() {
        Instant now = clock.instant();
        List<UUID> people = transactions.executeRead(status -> jdbc.prepareStatement("""
                SELECT DISTINCT n.recipient_id FROM notification n
                LEFT JOIN notification_preference p ON p.user_id = n.recipient_id
                WHERE n.read_at IS NULL AND n.emailed_at IS NULL AND COALESCE(p.digest, 'daily') <> 'none'
                """, ps -> {
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }));
        int sent = 0;
        for (UUID id : people) {
            sent += transactions.executeWrite(status -> digest(id, now));
        }
        return sent;
    }

    private int digest(UUID userId, Instant now) {
        Person person = person(userId);
        Instant slot = person.preferences().lastSlot(now, person.zone());
        if (slot == null) {
            return 0;
        }
        // Locks the items: a node racing for the same person waits here, then finds them e-mailed.
        List<Item> fetched = jdbc.prepareStatement("""
                SELECT id, kind, link, data::text, created_at FROM notification
                WHERE recipient_id = ? AND read_at IS NULL AND emailed_at IS NULL AND created_at < ?
                ORDER BY created_at, id LIMIT ? FOR UPDATE
                """, ps -> {
            ps.setObject(1, userId);
            ps.setTimestamp(2, Timestamp.from(slot));
            ps.setInt(3, DIGEST_SCAN);
            return items(ps.executeQuery());
        });
        List<Item> stale = fetched.stream().filter(item -> stale(item, now)).toList();
        if (!stale.isEmpty()) {
            markEmailed(stale.stream().map(Item::id).toList(), now);
        }
        List<Item> items = fetched.stream().filter(item -> !stale.contains(item)).toList();
        if (items.isEmpty()) {
            return 0;
        }
        int claimed = jdbc.prepareStatement("INSERT INTO notification_digest (user_id, slot, item_count, created_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", ps -> {
            ps.setObject(1, userId);
            ps.setTimestamp(2, Timestamp.from(slot));
            ps.setInt(3, items.size());
            ps.setTimestamp(4, Timestamp.from(now));
            return ps.executeUpdate();
        });
        if (claimed == 0) {
            return 0;  // this slot's digest already left; what arrived since waits for the next slot
        }
        String subject = messages.text(person.language(), "digest.subject", Map.of("count", items.size()));
        List<NoticeMailRenderer.Entry> shown = items.subList(0, Math.min(items.size(), config.digestMaxItems())).stream()
                .map(item -> renderer.render(person.id(), person.language(), person.zone(), item.id(), item.kind(), item.link(),
                        item.data(), item.createdAt(), NoticeMailRenderer.DIGEST_EXCERPT_CHARS))
                .toList();
        UUID mailId = queue(person, UnsubscribeTokens.DIGEST, subject, "digest.intro", shown, items.size() - shown.size());
        markEmailed(items.stream().map(Item::id).toList(), now);
        jdbc.prepareStatement("UPDATE notification_digest SET mail_id = ? WHERE user_id = ? AND slot = ?", ps -> {
            ps.setObject(1, mailId);
            ps.setObject(2, userId);
            ps.setTimestamp(3, Timestamp.from(slot));
            return ps.executeUpdate();
        });
        LOG.info("digest queued userId={} slot={} items={} mailId={}", userId, slot, items.size(), mailId);
        return 1;
    }

    /**
     * One e-mail: a single notice told in full (urgent), or a digest grouped by theme and thread
     * (newest last), {@code more} items past the shown ones summed up in one line.
     */
    private UUID queue(Person person, String list, String subject, String introKey, List<NoticeMailRenderer.Entry> entries, int more) {
        String lang = NotificationMessages.language(person.language());
        String unsubscribeToken = tokens.token(person.id(), list);
        String oneClick = publicUrl.link("/mail/unsubscribe/" + unsubscribeToken);
        String unsubscribePage = publicUrl.link("/unsubscribe/" + unsubscribeToken);
        String settings = publicUrl.link("/notifications#email");
        String greeting = messages.text(lang, "mail.greeting", Map.of("name", person.name()));
        String intro = messages.text(lang, introKey, Map.of());
        String settingsLine = messages.text(lang, "mail.settings", Map.of("url", settings));
        String unsubscribeLine = messages.text(lang, "mail.unsubscribe." + list, Map.of("url", unsubscribePage));

        StringBuilder text = new StringBuilder(greeting).append("\n\n").append(intro).append("\n");
        // Light HTML: no remote image, no colour of our own (dark mode keeps the client's), one column.
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(lang).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><meta name=\"color-scheme\" content=\"light dark\"><title>")
                .append(escape(subject)).append("</title></head>")
                .append("<body style=\"font-family:sans-serif;line-height:1.5;max-width:40em;margin:auto;padding:1em\">")
                .append("<p>").append(escape(greeting)).append("</p><p>").append(escape(intro)).append("</p>");
        Map<UUID, String> replyTo = new LinkedHashMap<>();
        for (NoticeMailRenderer.Entry e : entries) {
            if (e.detail() != null && e.detail().replyKind() != null) {
                replies.address(person.id(), e.detail().replyKind(), e.detail().replyTarget()).ifPresent(a -> replyTo.put(e.id(), a));
            }
        }
        boolean single = entries.size() == 1 && more == 0 && UnsubscribeTokens.URGENT.equals(list);
        if (single) {
            single(lang, entries.get(0), text, html);
            NoticeMailRenderer.Entry e = entries.get(0);
            if (e.detail() != null && e.detail().replyKind() != null) {
                String how = messages.text(lang, replyTo.containsKey(e.id()) ? "mail.replyByMail" : "mail.replyInApp", Map.of());
                text.append("\n").append(how).append("\n");
                html.append("<p>").append(escape(how)).append("</p>");
            }
        } else {
            digest(lang, entries, more, replyTo, text, html);
        }
        text.append("\n-- \n").append(settingsLine).append("\n").append(unsubscribeLine).append("\n");
        html.append("<hr><p style=\"font-size:small\"><a href=\"").append(escape(settings)).append("\">").append(escape(settingsLine))
                .append("</a><br><a href=\"").append(escape(unsubscribePage)).append("\">").append(escape(unsubscribeLine))
                .append("</a></p></body></html>");
        Map<String, String> headers = new LinkedHashMap<>();
        // RFC 8058: a mail client's one-click button POSTs to this URL, with no session.
        headers.put("List-Unsubscribe", "<" + oneClick + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("Auto-Submitted", "auto-generated");
        if (single && replyTo.containsKey(entries.get(0).id())) {
            headers.put("Reply-To", replyTo.get(entries.get(0).id()));
        }
        List<fr.maillage.mail.MailAttachment> files = new ArrayList<>();
        for (NoticeMailRenderer.Entry e : entries) {
            if (e.detail() != null) {
                files.addAll(e.detail().attachments());
            }
        }
        return mail.enqueue(person.email(), subject, text.toString(), html.toString(), headers, files);
    }

    /**
     * A notice whose {@code emailUntil} (an instant in its data) has passed is not e-mailed any
     * more: a reminder that quiet hours held back until its session began says nothing useful.
     */
    static boolean stale(Item item, Instant now) {
        if (item.data().get("emailUntil") instanceof String until) {
            try {
                return !now.isBefore(Instant.parse(until));
            } catch (DateTimeException e) {
                return false;
            }
        }
        return false;
    }

    private void single(String lang, NoticeMailRenderer.Entry e, StringBuilder text, StringBuilder html) {
        text.append("\n").append(e.body()).append("\n");
        html.append("<p>").append(escape(e.body())).append("</p>");
        excerpt(lang, e, text, html);
        text.append("\n").append(e.action()).append(" : ".substring("en".equals(lang) ? 1 : 0)).append(e.url()).append("\n");
        html.append("<p><a href=\"").append(escape(e.url())).append("\">").append(escape(e.action())).append("</a></p>");
        lightUrl(e.url()).ifPresent(light -> {
            String label = messages.text(lang, "mail.light", Map.of());
            text.append(label).append(" : ".substring("en".equals(lang) ? 1 : 0)).append(light).append("\n");
            html.append("<p style=\"font-size:small\"><a href=\"").append(escape(light)).append("\">").append(escape(label)).append("</a></p>");
        });
    }

    /** The light view (plain HTML, no JavaScript) of a thread or a session occurrence, for weak connections. */
    static java.util.Optional<String> lightUrl(String url) {
        for (String[] map : new String[][]{{"/threads/", "/light/threads/"}, {"/sessions/occurrences/", "/light/sessions/"}, {"/themes/", "/light/themes/"}}) {
            int at = url.indexOf(map[0]);
            if (at >= 0 && url.indexOf('/', at + map[0].length()) < 0) {
                return java.util.Optional.of(url.substring(0, at) + map[1] + url.substring(at + map[0].length()));
            }
        }
        return java.util.Optional.empty();
    }

    private void excerpt(String lang, NoticeMailRenderer.Entry e, StringBuilder text, StringBuilder html) {
        if (e.excerptText() == null) {
            return;
        }
        text.append("\n").append(e.excerptText()).append("\n");
        html.append("<blockquote style=\"margin:0 0 0 .5em;padding-left:.8em;border-left:3px solid #8888\">").append(e.excerptHtml())
                .append("</blockquote>");
        if (e.truncated()) {
            String readMore = messages.text(lang, "mail.readMore", Map.of());
            text.append(readMore).append(" : ".substring("en".equals(lang) ? 1 : 0)).append(e.url()).append("\n");
            html.append("<p><a href=\"").append(escape(e.url())).append("\">").append(escape(readMore)).append("</a></p>");
        }
    }

    /** Groups in the order of their oldest item; inside a group, threads likewise; items oldest first, newest last. */
    private void digest(String lang, List<NoticeMailRenderer.Entry> entries, int more, Map<UUID, String> replyTo,
                        StringBuilder text, StringBuilder html) {
        Map<String, Map<String, List<NoticeMailRenderer.Entry>>> groups = new LinkedHashMap<>();
        for (NoticeMailRenderer.Entry e : entries) {
            groups.computeIfAbsent(e.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(e.thread() == null ? "\u0000" + e.id() : e.thread() + "\u0000" + e.url(), t -> new ArrayList<>()).add(e);
        }
        groups.forEach((group, threads) -> {
            text.append("\n== ").append(group).append(" ==\n");
            html.append("<h2 style=\"font-size:1.1em\">").append(escape(group)).append("</h2>");
            threads.forEach((key, items) -> {
                NoticeMailRenderer.Entry first = items.get(0);
                if (first.thread() != null) {
                    text.append("\n").append(first.thread()).append("\n").append(first.url()).append("\n");
                    html.append("<h3 style=\"font-size:1em\"><a href=\"").append(escape(first.url())).append("\">")
                            .append(escape(first.thread())).append("</a></h3>");
                }
                html.append("<ul>");
                for (NoticeMailRenderer.Entry e : items) {
                    text.append("\n- ").append(e.line()).append("\n");
                    html.append("<li><p><a href=\"").append(escape(e.url())).append("\">").append(escape(e.line())).append("</a></p>");
                    excerpt(lang, e, text, html);
                    if (first.thread() == null) {
                        text.append("  ").append(e.url()).append("\n");
                    }
                    if (replyTo.containsKey(e.id())) {
                        // Each item its own address: a reply lands under that very post.
                        String label = messages.text(lang, "mail.replyLink", Map.of());
                        String mailto = "mailto:" + replyTo.get(e.id()) + "?subject="
                                + java.net.URLEncoder.encode("Re: " + e.line(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
                        text.append("  ").append(label).append(" : ".substring("en".equals(lang) ? 1 : 0)).append(replyTo.get(e.id())).append("\n");
                        html.append("<p><a href=\"").append(escape(mailto)).append("\">").append(escape(label)).append("</a></p>");
                    }
                    html.append("</li>");
                }
                html.append("</ul>");
            });
        });
        if (more > 0) {
            String all = publicUrl.link("/notifications");
            String line = messages.text(lang, "digest.more", Map.of("count", more, "url", all));
            text.append("\n").append(line).append("\n");
            // The link's own text: the same sentence without its trailing address.
            String linkText = messages.text(lang, "digest.more", Map.of("count", more, "url", "")).replaceAll("[ :]+$", "");
            html.append("<p><a href=\"").append(escape(all)).append("\">").append(escape(linkText)).append("</a></p>");
        }
    }

    private void markEmailed(List<UUID> ids, Instant now) {
        jdbc.prepareStatement("UPDATE notification SET emailed_at = ? WHERE id = ANY (?)", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            return ps.executeUpdate();
        });
    }

    private Person person(UUID id) {
        EmailPreferences prefs = preferences.of(id);
        return jdbc.prepareStatement("SELECT email, display_name, language, time_zone FROM app_user WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Person(id, rs.getString(1), rs.getString(2), rs.getString(3), zone(rs.getString(4)), prefs);
            }
        });
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneId.of("Europe/Paris");
        }
    }

    private List<Item> items(ResultSet rs) throws SQLException {
        try (rs) {
            List<Item> list = new ArrayList<>();
            while (rs.next()) {
                list.add(new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), read(rs.getString(4)),
                        rs.getTimestamp(5).toInstant()));
            }
            return list;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
