package fr.maillage.notification;

import fr.maillage.core.security.PublicUrl;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns one notice into the words of an e-mail, from the catalogue ({@link NotificationMessages})
 * and the feature's {@link NoticeDetails}: the one-line message, what happened (who, where,
 * when in the recipient's zone), the content as plain text and small HTML (truncated past
 * {@link #EXCERPT_CHARS} with a link), and the one link to open it.
 */
@Singleton
class NoticeMailRenderer {
    /** Longest content quoted in an immediate e-mail; a digest quotes less. */
    static final int EXCERPT_CHARS = 1200;
    static final int DIGEST_EXCERPT_CHARS = 400;

    private static final Parser PARSER = Parser.builder().build();
    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    /** Light HTML only: no images (nothing remote loads), no styles, no tables. */
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "a")
            .allowUrlProtocols("https", "http", "mailto")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
            .toFactory();

    private final List<NoticeDetails> details;
    private final NotificationMessages messages;
    private final PublicUrl publicUrl;

    NoticeMailRenderer(List<NoticeDetails> details, NotificationMessages messages, PublicUrl publicUrl) {
        this.details = details;
        this.messages = messages;
        this.publicUrl = publicUrl;
    }

    /**
     * One notice, rendered. {@code group} and {@code thread} place it in a digest (a theme and a
     * thread for a post, the feature otherwise).
     */
    record Entry(UUID id, String kind, String line, String body, String action, String url,
                 @Nullable String excerptText, @Nullable String excerptHtml, boolean truncated,
                 String group, @Nullable String thread, @Nullable NoticeDetails.Detail detail) {
    }

    Entry render(UUID recipientId, String language, ZoneId zone, UUID id, String kind, String link, Map<String, Object> data,
                 Instant createdAt, int excerptChars) {
        String lang = NotificationMessages.language(language);
        Optional<NoticeDetails.Detail> detail = details.stream().filter(d -> d.covers(kind)).findFirst()
                .flatMap(d -> d.detail(recipientId, kind, link, data, lang));
        Map<String, Object> params = new HashMap<>(data);
        params.putIfAbsent("where", data.getOrDefault("theme", ""));
        detail.ifPresent(d -> params.putAll(d.params()));
        Instant at = detail.map(NoticeDetails.Detail::at).orElse(createdAt);
        params.put("postedAt", when(lang, zone, at));
        if (data.get("startsAt") instanceof String startsAt) {
            try {
                params.put("when", when(lang, zone, Instant.parse(startsAt)));
            } catch (DateTimeException e) {
                params.put("when", startsAt);
            }
        }
        String url = publicUrl.link(link != null && link.startsWith("/") ? link : "/notifications");
        String markdown = detail.map(NoticeDetails.Detail::markdown).orElse(null);
        String excerptText = null;
        String excerptHtml = null;
        boolean truncated = false;
        if (markdown != null && !markdown.isBlank()) {
            String cut = markdown;
            if (cut.length() > excerptChars) {
                int space = cut.lastIndexOf(' ', excerptChars);
                cut = cut.substring(0, space > excerptChars / 2 ? space : excerptChars).stripTrailing() + " …";
                truncated = true;
            }
            var document = PARSER.parse(cut);
            excerptText = TEXT.render(document).strip();
            excerptHtml = POLICY.sanitize(HTML.render(document));
        }
        String group;
        String thread = null;
        if (kind.startsWith("discussion.")) {
            group = messages.text(lang, "digest.theme", Map.of("theme", String.valueOf(params.get("where"))));
            thread = messages.text(lang, "digest.thread", Map.of("title", String.valueOf(params.getOrDefault("title", ""))));
        } else {
            String feature = kind.contains(".") ? kind.substring(0, kind.indexOf('.')) : kind;
            group = messages.find(lang, "digest.group." + feature).orElseGet(() -> messages.text(lang, "digest.group.other", Map.of()));
        }
        return new Entry(id, kind, messages.notice(lang, kind, params), messages.notice(lang, kind, "body", params),
                messages.notice(lang, kind, "action", params), url, excerptText, excerptHtml, truncated, group, thread,
                detail.orElse(null));
    }

    static String when(String language, ZoneId zone, Instant at) {
        boolean en = "en".equals(language);
        DateTimeFormatter format = DateTimeFormatter.ofPattern(en ? "EEEE d MMMM yyyy 'at' HH:mm" : "EEEE d MMMM yyyy 'à' HH:mm",
                en ? Locale.ENGLISH : Locale.FRENCH);
        return format.format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
