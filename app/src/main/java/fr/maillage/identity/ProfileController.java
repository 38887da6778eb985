package fr.maillage.identity;

import fr.maillage.core.security.Caller;
import fr.maillage.identity.IdentityCommands.ChangePasswordCommand;
import fr.maillage.identity.IdentityCommands.ChangeRoleCommand;
import fr.maillage.identity.IdentityCommands.UpdateProfileCommand;
import fr.maillage.identity.IdentityViews.UserView;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

@Controller("/api")
@Tag(name = "identity")
public class ProfileController {
    private final ProfileService profiles;
    private final AccountDeletionService deletions;
    private final SessionCookies cookies;

    ProfileController(ProfileService profiles, AccountDeletionService deletions, SessionCookies cookies) {
        this.profiles = profiles;
        this.deletions = deletions;
        this.cookies = cookies;
    }

    @Get("/me")
    public UserView me(HttpRequest<?> request) {
        return profiles.me(Caller.required(request));
    }

    @Patch("/me")
    public UserView update(HttpRequest<?> request, @Valid @Body UpdateProfileCommand command) {
        return profiles.update(Caller.required(request), command);
    }

    @Post("/me/password")
    @Status(HttpStatus.NO_CONTENT)
    public void changePassword(HttpRequest<?> request, @Valid @Body ChangePasswordCommand command) {
        profiles.changePassword(Caller.required(request), command);
    }

    @Get("/people{?q}")
    public List<IdentityViews.PersonView> people(HttpRequest<?> request, @io.micronaut.core.annotation.Nullable @io.micronaut.http.annotation.QueryValue String q) {
        return profiles.people(Caller.required(request), q);
    }

    @Get("/admin/users{?q}")
    public List<IdentityViews.PersonForAdministratorView> users(HttpRequest<?> request,
                                                               @io.micronaut.core.annotation.Nullable @io.micronaut.http.annotation.QueryValue String q) {
        return profiles.list(Caller.required(request), q);
    }

    @Patch("/admin/users/{id}")
    public UserView changeRole(HttpRequest<?> request, UUID id, @Valid @Body ChangeRoleCommand command) {
        return profiles.changeRole(Caller.required(request), id, command);
    }

    @Delete("/admin/users/{id}/sessions")
    @Status(HttpStatus.NO_CONTENT)
    public void endSessions(HttpRequest<?> request, UUID id) {
        profiles.endSessions(Caller.required(request), id);
    }

    @Post("/admin/users/{id}/deactivation")
    public UserView deactivate(HttpRequest<?> request, UUID id) {
        return profiles.deactivate(Caller.required(request), id);
    }

    @Delete("/admin/users/{id}/deactivation")
    public UserView reactivate(HttpRequest<?> request, UUID id) {
        return profiles.reactivate(Caller.required(request), id);
    }

    /** Deletes the caller's own account (docs/privacy.md); the session cookie goes with it. */
    @Post("/me/deletion")
    public io.micronaut.http.MutableHttpResponse<Void> deleteMine(HttpRequest<?> request,
                                                                 @Valid @Body IdentityCommands.DeleteMyAccountCommand command) {
        deletions.deleteMine(Caller.required(request), command);
        return cookies.signOut(io.micronaut.http.HttpResponse.noContent());
    }

    @Post("/admin/users/{id}/deletion")
    @Status(HttpStatus.NO_CONTENT)
    public void deleteAccount(HttpRequest<?> request, UUID id, @Valid @Body IdentityCommands.DeleteAccountCommand command) {
        deletions.deleteByAdministrator(Caller.required(request), id, command);
    }
}
