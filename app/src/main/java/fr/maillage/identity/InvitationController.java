package fr.maillage.identity;

import fr.maillage.core.security.Caller;
import fr.maillage.identity.IdentityCommands.AcceptInvitationCommand;
import fr.maillage.identity.IdentityCommands.InviteCommand;
import fr.maillage.identity.IdentityViews.InvitationPreview;
import fr.maillage.identity.IdentityViews.InvitationView;
import fr.maillage.identity.IdentityViews.SignedIn;
import fr.maillage.identity.IdentityViews.UserView;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

@Controller("/api/invitations")
@Tag(name = "identity")
public class InvitationController {
    private final InvitationService invitations;
    private final SessionCookies cookies;

    InvitationController(InvitationService invitations, SessionCookies cookies) {
        this.invitations = invitations;
        this.cookies = cookies;
    }

    @Post
    @Status(HttpStatus.CREATED)
    public InvitationView invite(HttpRequest<?> request, @Valid @Body InviteCommand command) {
        return invitations.invite(Caller.required(request), command);
    }

    @Get
    public List<InvitationView> list(HttpRequest<?> request) {
        return invitations.list(Caller.required(request));
    }

    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public void revoke(HttpRequest<?> request, UUID id) {
        invitations.revoke(Caller.required(request), id);
    }

    /** A new link for a pending or expired invitation, mailed again; the old link stops working. */
    @Post("/{id}/resend")
    public InvitationView resend(HttpRequest<?> request, UUID id) {
        return invitations.resend(Caller.required(request), id);
    }

    @Get("/{token}")
    public InvitationPreview preview(String token) {
        return invitations.preview(token);
    }

    @Post("/{token}/accept")
    public MutableHttpResponse<UserView> accept(String token, @Valid @Body AcceptInvitationCommand command) {
        SignedIn signedIn = invitations.accept(token, command);
        return cookies.signIn(HttpResponse.created(signedIn.user()), signedIn.sessionToken(), signedIn.csrfToken());
    }
}
