package fr.maillage.identity;

import fr.maillage.core.security.PublicUrl;
import fr.maillage.mail.MailService;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;

/** The identity feature's e-mails: French first, English below for the invitation. */
@Singleton
class IdentityMails {
    private final MailService mail;
    private final PublicUrl publicUrl;

    IdentityMails(MailService mail, PublicUrl publicUrl) {
        this.mail = mail;
        this.publicUrl = publicUrl;
    }

    void invitation(String to, @Nullable String inviterName, String role, @Nullable String message, String token, Duration ttl) {
        String link = publicUrl.link("/invitation/" + token);
        String who = inviterName == null ? "Maillage" : inviterName;
        String body = """
                Bonjour,

                %s vous invite à rejoindre Maillage, le réseau d'échange entre catalyseurs territoriaux (rôle : %s).
                %s
                Pour accepter, ouvrez ce lien (valable %d jours, une seule fois) :
                %s

                —
                %s invites you to join Maillage (role: %s). Open the link above to accept; it works once, for %d days.
                """.formatted(who, roleFr(role), message == null || message.isBlank() ? "" : "\n« " + message.strip() + " »\n",
                ttl.toDays(), link, who, role, ttl.toDays());
        mail.enqueue(to, "Invitation à rejoindre Maillage", body);
    }

    void passwordReset(String to, String language, String token, Duration ttl) {
        String link = publicUrl.link("/password-reset/" + token);
        long minutes = ttl.toMinutes();
        if ("en".equals(language)) {
            mail.enqueue(to, "Reset your Maillage password", """
                    Hello,

                    Someone (hopefully you) asked to reset your Maillage password.
                    Choose a new one with this link, valid for %d minutes and usable once:
                    %s

                    If you did not ask for it, ignore this e-mail: your password stays the same.
                    """.formatted(minutes, link));
        } else {
            mail.enqueue(to, "Réinitialiser votre mot de passe Maillage", """
                    Bonjour,

                    Une demande de réinitialisation de votre mot de passe Maillage a été faite.
                    Choisissez un nouveau mot de passe avec ce lien, valable %d minutes et utilisable une fois :
                    %s

                    Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe ne change pas.
                    """.formatted(minutes, link));
        }
    }

    private static String roleFr(String role) {
        return switch (role) {
            case "administrator" -> "administrateur·rice";
            case "facilitator" -> "animateur·rice";
            case "guest" -> "invité·e";
            default -> "membre";
        };
    }
}
