package fr.maillage.identity;

import fr.maillage.identity.IdentityCommands.RequestPasswordResetCommand;
import fr.maillage.identity.IdentityCommands.ResetPasswordCommand;
import fr.maillage.identity.IdentityViews.ResetPreview;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@Controller("/api/password-resets")
@Tag(name = "identity")
public class PasswordResetController {
    private final PasswordResetService resets;
    private final fr.maillage.core.security.ClientAddress addresses;

    PasswordResetController(PasswordResetService resets, fr.maillage.core.security.ClientAddress addresses) {
        this.resets = resets;
        this.addresses = addresses;
    }

    @Post
    @Status(HttpStatus.ACCEPTED)
    public void request(@Valid @Body RequestPasswordResetCommand command) {
        resets.request(command.email());
    }

    @Get("/{token}")
    public ResetPreview check(String token) {
        resets.check(token);
        return new ResetPreview(true);
    }

    @Post("/{token}")
    @Status(HttpStatus.NO_CONTENT)
    public void complete(io.micronaut.http.HttpRequest<?> request, String token, @Valid @Body ResetPasswordCommand command) {
        resets.complete(token, command.password(), addresses.of(request));
    }
}
