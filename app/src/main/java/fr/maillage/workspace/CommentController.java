package fr.maillage.workspace;

import fr.maillage.core.security.Caller;
import fr.maillage.workspace.CommentFrames.AddCommentCommand;
import fr.maillage.workspace.CommentFrames.CommentList;
import fr.maillage.workspace.CommentFrames.CommentView;
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

/** Comments on a document's passages (docs/api.md); their events arrive on the workspace's stream. */
@Controller("/api/documents/{documentId}/comments")
@Tag(name = "workspace")
public class CommentController {
    private final CommentService comments;

    CommentController(CommentService comments) {
        this.comments = comments;
    }

    @Get
    public CommentList list(HttpRequest<?> request, UUID documentId) {
        return comments.list(Caller.required(request), documentId);
    }

    @Post
    @Status(HttpStatus.CREATED)
    public CommentView add(HttpRequest<?> request, UUID documentId, @Valid @Body AddCommentCommand command) {
        return comments.add(Caller.required(request), documentId, command);
    }

    @Post("/{commentId}/resolve")
    public CommentView resolve(HttpRequest<?> request, UUID documentId, UUID commentId) {
        return comments.resolve(Caller.required(request), documentId, commentId);
    }

    @Post("/{commentId}/reopen")
    public CommentView reopen(HttpRequest<?> request, UUID documentId, UUID commentId) {
        return comments.reopen(Caller.required(request), documentId, commentId);
    }
}
