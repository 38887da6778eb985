package fr.maillage.discussion;

import jakarta.inject.Singleton;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * CommonMark to safe HTML, on the server: raw HTML in posts is escaped, then the output is
 * sanitised again, and links open in a new tab without access to the opener.
 */
@Singleton
class Markdown {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
                    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a")
            .allowUrlProtocols("https", "http", "mailto")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
            .allowAttributes("target").matching(true, "_blank").onElements("a")
            .toFactory();

    String toHtml(String markdown) {
        String html = RENDERER.render(PARSER.parse(markdown));
        html = html.replace("<a href=", "<a target=\"_blank\" href=");
        return POLICY.sanitize(html);
    }
}
