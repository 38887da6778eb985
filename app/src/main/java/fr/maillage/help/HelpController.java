package fr.maillage.help;

import fr.maillage.core.security.Caller;
import fr.maillage.help.HelpViews.Board;
import fr.maillage.help.HelpViews.CreateHelpRequestCommand;
import fr.maillage.help.HelpViews.HelpPage;
import fr.maillage.help.HelpViews.HelpRequestView;
import fr.maillage.help.HelpViews.MyHelp;
import fr.maillage.help.HelpViews.PassCommand;
import fr.maillage.help.HelpViews.SolveCommand;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.Map;
import java.util.UUID;

/** Help requests over HTTP; the private conversation's messages go through the socket. */
@Controller("/api/help")
@Tag(name = "help")
public class HelpController {
    private final HelpService help;

    HelpController(HelpService help) {
        this.help = help;
    }

    @Post
    @Status(HttpStatus.CREATED)
    public HelpRequestView create(HttpRequest<?> request, @Valid @Body CreateHelpRequestCommand command) {
        return help.create(Caller.required(request), command);
    }

    @Get
    public MyHelp mine(HttpRequest<?> request) {
        return help.mine(Caller.required(request));
    }

    @Get("/board")
    public Board board(HttpRequest<?> request) {
        return help.board(Caller.required(request));
    }

    @Get("/{id}")
    public HelpPage page(HttpRequest<?> request, UUID id) {
        return help.page(Caller.required(request), id);
    }

    @Post("/{id}/accept")
    public HelpRequestView accept(HttpRequest<?> request, UUID id) {
        return help.accept(Caller.required(request), id);
    }

    @Post("/{id}/pass")
    public HelpRequestView pass(HttpRequest<?> request, UUID id, @Valid @Body PassCommand command) {
        return help.pass(Caller.required(request), id, command);
    }

    /**
     * The same as the socket command {@code help.post_message}, for clients without a command
     * queue: the message arrives live on {@code help:<id>} either way.
     */
    @Post("/{id}/messages")
    @Status(HttpStatus.CREATED)
    public Map<String, Object> postMessage(HttpRequest<?> request, UUID id, @Valid @Body MessageBody body) {
        var result = help.postMessage(Caller.required(request), new HelpViews.PostMessageCommand(body.idempotencyKey(), id, body.body()));
        return Map.of("seq", result.seq(), "result", result.result());
    }

    @Serdeable
    public record MessageBody(@NotBlank @Size(max = HelpViews.KEY_MAX) String idempotencyKey,
                              @NotBlank @Size(max = HelpViews.MESSAGE_MAX) String body) {
    }

    /** Publishes the conversation to the request's theme; answers the new thread's id. */
    @Post("/{id}/publish")
    @Status(HttpStatus.CREATED)
    public Map<String, Object> publish(HttpRequest<?> request, UUID id) {
        return Map.of("threadId", help.publish(Caller.required(request), id));
    }

    /** A participant lets a facilitator or administrator read the private conversation. */
    @Post("/{id}/readers")
    public HelpViews.ReadersView inviteReader(HttpRequest<?> request, UUID id, @Valid @Body HelpViews.InviteReaderCommand command) {
        return help.inviteReader(Caller.required(request), id, command);
    }

    /** The caller has seen the conversation: its notices are marked read (and so are not e-mailed). */
    @Post("/{id}/read")
    @Status(HttpStatus.NO_CONTENT)
    public void markRead(HttpRequest<?> request, UUID id) {
        help.markConversationRead(Caller.required(request), id);
    }

    @Post("/{id}/solve")
    public HelpRequestView solve(HttpRequest<?> request, UUID id, @Valid @Body SolveCommand command) {
        return help.solve(Caller.required(request), id, command);
    }
}
