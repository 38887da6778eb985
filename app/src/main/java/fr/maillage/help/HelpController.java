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

    @Post("/{id}/solve")
    public HelpRequestView solve(HttpRequest<?> request, UUID id, @Valid @Body SolveCommand command) {
        return help.solve(Caller.required(request), id, command);
    }
}
