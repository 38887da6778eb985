package fr.maillage.mail;

import fr.maillage.core.security.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Controller("/api/admin/outbox")
@Tag(name = "mail")
public class OutboxController {
    private final MailService mail;

    OutboxController(MailService mail) {
        this.mail = mail;
    }

    /** The newest 200 e-mails, for administrators (the embedded run keeps all mail here). */
    @Get
    public List<MailViews> outbox(HttpRequest<?> request) {
        return mail.outbox(Caller.required(request));
    }

    /** Sends again a failed or uncertain mail (administrators; 409 for any other status). */
    @Post("/{id}/resend")
    public MailViews resend(HttpRequest<?> request, UUID id) {
        return mail.resend(Caller.required(request), id);
    }
}
