package fr.maillage.notification;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of e-mails, in French and English. Notice messages mirror the web client's
 * {@code notification.kind.<kind>}; a kind not listed here gets a plain sentence with its
 * {@code title} when it has one.
 */
@Singleton
public class NotificationMessages {
    private static final Map<String, Map<String, String>> KINDS = Map.of(
            "fr", Map.of(
                    "discussion.mentioned", "{author} vous a mentionné·e dans « {title} »",
                    "discussion.replied", "{author} vous a répondu dans « {title} »",
                    "discussion.posted", "{author} a écrit dans « {title} »",
                    "discussion.thread_created", "Nouveau fil de {author} : « {title} »",
                    "help.offered", "Une demande d'aide vous est proposée : « {title} »",
                    "workspace.invited", "Vous êtes invité·e dans l'espace « {title} »"),
            "en", Map.of(
                    "discussion.mentioned", "{author} mentioned you in “{title}”",
                    "discussion.replied", "{author} replied to you in “{title}”",
                    "discussion.posted", "{author} wrote in “{title}”",
                    "discussion.thread_created", "New thread by {author}: “{title}”",
                    "help.offered", "A help request is offered to you: “{title}”",
                    "workspace.invited", "You are invited to the workspace “{title}”"));

    private static final Map<String, Map<String, String>> TEXTS = Map.of(
            "fr", Map.ofEntries(
                    Map.entry("other.titled", "Du nouveau vous concerne : « {title} »"),
                    Map.entry("other", "Du nouveau vous concerne sur Maillage"),
                    Map.entry("digest.subject", "Maillage : {count} nouveauté(s) pour vous"),
                    Map.entry("urgent.subject", "Maillage : {message}"),
                    Map.entry("greeting", "Bonjour {name},"),
                    Map.entry("digest.intro", "Voici ce qui vous attend sur Maillage, que vous n'avez pas encore lu :"),
                    Map.entry("urgent.intro", "Ceci ne peut pas attendre votre résumé :"),
                    Map.entry("settings", "Régler vos e-mails : {url}"),
                    Map.entry("unsubscribe.digest", "Ne plus recevoir ce résumé : {url}"),
                    Map.entry("unsubscribe.urgent", "Ne plus recevoir ces e-mails immédiats : {url}")),
            "en", Map.ofEntries(
                    Map.entry("other.titled", "Something new concerns you: “{title}”"),
                    Map.entry("other", "Something new concerns you on Maillage"),
                    Map.entry("digest.subject", "Maillage: {count} new item(s) for you"),
                    Map.entry("urgent.subject", "Maillage: {message}"),
                    Map.entry("greeting", "Hello {name},"),
                    Map.entry("digest.intro", "Here is what awaits you on Maillage and you have not read yet:"),
                    Map.entry("urgent.intro", "This cannot wait for your digest:"),
                    Map.entry("settings", "Your e-mail settings: {url}"),
                    Map.entry("unsubscribe.digest", "Stop this digest: {url}"),
                    Map.entry("unsubscribe.urgent", "Stop these immediate e-mails: {url}")));

    static String language(String language) {
        return "en".equals(language) ? "en" : "fr";
    }

    public String notice(String language, String kind, Map<String, Object> data) {
        String lang = language(language);
        String template = KINDS.get(lang).get(kind);
        if (template == null) {
            template = data.get("title") != null ? TEXTS.get(lang).get("other.titled") : TEXTS.get(lang).get("other");
        }
        return fill(template, data);
    }

    public String text(String language, String key, Map<String, ?> params) {
        return fill(TEXTS.get(language(language)).get(key), params);
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
