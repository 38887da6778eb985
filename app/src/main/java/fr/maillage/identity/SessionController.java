package fr.maillage.identity;

import fr.maillage.core.security.Caller;
import fr.maillage.core.security.SecurityFilter;
import fr.maillage.core.security.Tokens;
import fr.maillage.identity.IdentityCommands.SignInCommand;
import fr.maillage.identity.IdentityViews.SessionView;
import fr.maillage.identity.IdentityViews.SignedIn;
import fr.maillage.identity.IdentityViews.UserView;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import fr.maillage.core.security.ClientAddress;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.Optional;

@Controller("/api/session")
@Tag(name = "identity")
public class SessionController {
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final ClientAddress addresses;

    SessionController(SessionService sessions, SessionCookies cookies, ClientAddress addresses) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.addresses = addresses;
    }

    /** Who is signed in; also hands out the CSRF cookie to a browser that has none. */
    @Get
    public MutableHttpResponse<SessionView> current(HttpRequest<?> request) {
        Optional<Caller> caller = Caller.of(request);
        if (caller.isPresent()) {
            Optional<UserView> user = sessions.currentUser(caller.get());
            return HttpResponse.ok(new SessionView(user.isPresent(), caller.get().csrfToken(), user.orElse(null)))
                    .cookie(cookies.csrf(caller.get().csrfToken()));
        }
        String csrf = request.getCookies().findCookie(SecurityFilter.CSRF_COOKIE).map(Cookie::getValue)
                .filter(v -> v.length() >= 32 && v.length() <= 64)
                .orElseGet(Tokens::newToken);
        return HttpResponse.ok(new SessionView(false, csrf, null)).cookie(cookies.csrf(csrf));
    }

    @Post
    public MutableHttpResponse<UserView> signIn(HttpRequest<?> request, @Valid @Body SignInCommand command) {
        String address = addresses.of(request);
        SignedIn signedIn = sessions.signIn(command, address);
        return cookies.signIn(HttpResponse.ok(signedIn.user()), signedIn.sessionToken(), signedIn.csrfToken());
    }

    @Get("/all")
    public java.util.List<fr.maillage.identity.IdentityViews.OpenSessionView> mine(HttpRequest<?> request) {
        return sessions.mySessions(Caller.required(request));
    }

    @Delete("/others")
    public MutableHttpResponse<Void> endOthers(HttpRequest<?> request) {
        sessions.endMyOtherSessions(Caller.required(request));
        return HttpResponse.noContent();
    }

    @Delete("/all/{id}")
    public MutableHttpResponse<Void> endOne(HttpRequest<?> request, java.util.UUID id) {
        sessions.endMySession(Caller.required(request), id);
        return HttpResponse.noContent();
    }

    @Delete
    public MutableHttpResponse<Void> signOut(HttpRequest<?> request) {
        Caller.of(request).ifPresent(sessions::signOut);
        return cookies.signOut(HttpResponse.noContent());
    }
}
