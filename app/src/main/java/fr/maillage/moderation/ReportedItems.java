package fr.maillage.moderation;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionService;
import fr.maillage.discussion.DiscussionService.ModeratedPost;
import fr.maillage.help.HelpService;
import fr.maillage.help.HelpService.ModeratedMessage;
import fr.maillage.moderation.ModerationViews.ItemView;
import fr.maillage.workspace.CommentService;
import fr.maillage.workspace.CommentService.ModeratedComment;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The kinds of items one may report, each asked of the feature that owns it (through its
 * service): whether the reporter can read it, what moderators see of it, how it is hidden or
 * edited.
 */
@Singleton
class ReportedItems {
    static final String POST = "post";
    static final String COMMENT = "comment";
    static final String HELP_MESSAGE = "help_message";
    static final List<String> KINDS = List.of(POST, COMMENT, HELP_MESSAGE);

    private final DiscussionService discussions;
    private final CommentService comments;
    private final HelpService help;

    ReportedItems(DiscussionService discussions, CommentService comments, HelpService help) {
        this.discussions = discussions;
        this.comments = comments;
        this.help = help;
    }

    static void requireKnown(String kind) {
        if (kind == null || !KINDS.contains(kind)) {
            throw ProblemException.invalid("itemKind", "must be one of " + String.join(", ", KINDS));
        }
    }

    /** The item as moderators see it, if the reporter may read it; 404 otherwise. */
    ItemView readable(Caller caller, String kind, UUID id) {
        return switch (kind) {
            case POST -> view(discussions.readablePost(caller, id));
            case COMMENT -> view(comments.readableComment(caller, id));
            case HELP_MESSAGE -> view(help.readableMessage(caller, id));
            default -> throw ProblemException.notFound();
        };
    }

    Optional<ItemView> find(String kind, UUID id) {
        return switch (kind) {
            case POST -> discussions.moderatedPost(id).map(ReportedItems::view);
            case COMMENT -> comments.moderatedComment(id).map(ReportedItems::view);
            case HELP_MESSAGE -> help.moderatedMessage(id).map(ReportedItems::view);
            default -> Optional.empty();
        };
    }

    void hide(Caller moderator, String kind, UUID id) {
        switch (kind) {
            case POST -> discussions.hideByModeration(moderator, id);
            case COMMENT -> comments.hideByModeration(moderator, id);
            case HELP_MESSAGE -> help.hideByModeration(moderator, id);
            default -> throw ProblemException.notFound();
        }
    }

    void edit(Caller moderator, String kind, UUID id, String text) {
        switch (kind) {
            case POST -> discussions.editByModeration(moderator, id, text);
            case COMMENT -> comments.editByModeration(moderator, id, text);
            case HELP_MESSAGE -> help.editByModeration(moderator, id, text);
            default -> throw ProblemException.notFound();
        }
    }

    private static ItemView view(ModeratedPost post) {
        return new ItemView(POST, post.postId(), post.authorId(), post.authorName(), post.body(), "thread",
                post.threadTitle(), post.theme(), post.themeLabelFr(), post.themeLabelEn(), post.link(), post.hidden(),
                post.moderated(), post.deleted());
    }

    private static ItemView view(ModeratedComment comment) {
        return new ItemView(COMMENT, comment.id(), comment.authorId(), comment.authorName(), comment.body(), "document",
                comment.documentTitle(), comment.workspaceId().toString(), comment.workspaceName(), comment.workspaceName(),
                comment.link(), comment.hidden(), comment.moderated(), false);
    }

    private static ItemView view(ModeratedMessage message) {
        return new ItemView(HELP_MESSAGE, message.id(), message.authorId(), message.authorName(), message.body(), "help_request",
                message.requestTitle(), message.theme(), "", "", message.link(),
                message.hidden(), message.moderated(), false);
    }
}
