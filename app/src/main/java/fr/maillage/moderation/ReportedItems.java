package fr.maillage.moderation;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionService;
import fr.maillage.discussion.DiscussionService.ModeratedPost;
import fr.maillage.moderation.ModerationViews.ItemView;
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
    static final List<String> KINDS = List.of(POST);

    private final DiscussionService discussions;

    ReportedItems(DiscussionService discussions) {
        this.discussions = discussions;
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
            default -> throw ProblemException.notFound();
        };
    }

    Optional<ItemView> find(String kind, UUID id) {
        return switch (kind) {
            case POST -> discussions.moderatedPost(id).map(ReportedItems::view);
            default -> Optional.empty();
        };
    }

    void hide(Caller moderator, String kind, UUID id) {
        switch (kind) {
            case POST -> discussions.hideByModeration(moderator, id);
            default -> throw ProblemException.notFound();
        }
    }

    void edit(Caller moderator, String kind, UUID id, String text) {
        switch (kind) {
            case POST -> discussions.editByModeration(moderator, id, text);
            default -> throw ProblemException.notFound();
        }
    }

    private static ItemView view(ModeratedPost post) {
        return new ItemView(POST, post.postId(), post.authorId(), post.authorName(), post.body(), "thread",
                post.threadTitle(), post.theme(), post.themeLabelFr(), post.themeLabelEn(), post.link(), post.hidden(),
                post.moderated(), post.deleted());
    }
}
