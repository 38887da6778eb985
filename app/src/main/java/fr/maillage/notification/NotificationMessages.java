package fr.maillage.notification;

import io.micronaut.context.MessageSource;
import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's one message catalogue: {@code i18n/messages_fr.properties} and
 * {@code messages_en.properties} (UTF-8), read through a Micronaut {@link MessageSource}. Each
 * notification kind of {@link #KINDS} has {@code notice.<kind>.subject}, {@code .body} and
 * {@code .action} in both languages (MailTextsSpec fails otherwise). Other features add their
 * own keys under their feature's prefix (e.g. {@code session.ics.*}) and read them with
 * {@link #text}.
 */
@Singleton
public class NotificationMessages {
    public static final String BUNDLE = "i18n.messages";

    /** Every notification kind a feature sends today; the web client's {@code notification.kind.*} keys too. */
    public static final List<String> KINDS = List.of(
            "discussion.mentioned", "discussion.replied", "discussion.posted", "discussion.thread_created",
            "help.offered", "help.accepted", "help.thanked", "help.escalated", "help.reader_invited", "help.message",
            "session.reminder", "session.cancelled", "session.moved", "session.promoted", "session.catch_up",
            "workspace.invited", "workspace.comment_replied", "privacy.export_ready",
            "moderation.report_dismissed", "moderation.report_hidden", "moderation.report_edited", "moderation.author_messaged",
            "survey.published", "survey.reminder", "survey.priority_scheduled",
            "resource.published", "resource.returned");

    private final MessageSource source = new ResourceBundleMessageSource(BUNDLE, Locale.FRENCH);

    public static String language(String language) {
        return "en".equals(language) ? "en" : "fr";
    }

    public static Locale locale(String language) {
        return "en".equals(language(language)) ? Locale.ENGLISH : Locale.FRENCH;
    }

    public Optional<String> find(String language, String key) {
        return source.getRawMessage(key, MessageSource.MessageContext.of(locale(language)));
    }

    /** The one-line message of a notice: its e-mail subject and its line in a digest. */
    public String notice(String language, String kind, Map<String, ?> data) {
        Optional<String> template = find(language, "notice." + kind + ".subject");
        if (template.isEmpty()) {
            return text(language, data.get("title") != null ? "mail.other.titled" : "mail.other", data);
        }
        return fill(template.get(), data);
    }

    /** A notice's text part ({@code subject}, {@code body}, {@code action}), or the generic one. */
    public String notice(String language, String kind, String part, Map<String, ?> data) {
        return find(language, "notice." + kind + "." + part).map(t -> fill(t, data))
                .orElseGet(() -> "action".equals(part) ? text(language, "mail.other.action", data) : notice(language, kind, data));
    }

    public String text(String language, String key, Map<String, ?> params) {
        return fill(find(language, key).orElseThrow(() -> new IllegalArgumentException("no message " + key)), params);
    }

    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    /** One pass, so a value that looks like {this} stays as it is. */
    static String fill(String template, Map<String, ?> params) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = params.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
