package fr.maillage.discussion;

import fr.maillage.core.socket.SocketCommandHandler;
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand;
import fr.maillage.discussion.DiscussionFrames.DeletePostCommand;
import fr.maillage.discussion.DiscussionFrames.MarkSolvedCommand;
import fr.maillage.discussion.DiscussionFrames.ModerateThreadCommand;
import fr.maillage.discussion.DiscussionFrames.EditPostCommand;
import fr.maillage.discussion.DiscussionFrames.ReactCommand;
import fr.maillage.discussion.DiscussionFrames.ReplyCommand;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The discussion commands on the socket, each one service call. */
@Factory
class DiscussionSocketCommands {
    @Singleton
    SocketCommandHandler<CreateThreadCommand> createThread(DiscussionService service) {
        return SocketCommandHandler.of("discussion.create_thread", CreateThreadCommand.class, service::createThread);
    }

    @Singleton
    SocketCommandHandler<ReplyCommand> reply(DiscussionService service) {
        return SocketCommandHandler.of("discussion.reply", ReplyCommand.class, service::reply);
    }

    @Singleton
    SocketCommandHandler<EditPostCommand> editPost(DiscussionService service) {
        return SocketCommandHandler.of("discussion.edit_post", EditPostCommand.class, service::editPost);
    }

    @Singleton
    SocketCommandHandler<ReactCommand> react(DiscussionService service) {
        return SocketCommandHandler.of("discussion.react", ReactCommand.class, service::react);
    }

    @Singleton
    SocketCommandHandler<MarkSolvedCommand> markSolved(DiscussionService service) {
        return SocketCommandHandler.of("discussion.mark_solved", MarkSolvedCommand.class, service::markSolved);
    }

    @Singleton
    SocketCommandHandler<DeletePostCommand> deletePost(DiscussionService service) {
        return SocketCommandHandler.of("discussion.delete_post", DeletePostCommand.class, service::deletePost);
    }

    @Singleton
    SocketCommandHandler<ModerateThreadCommand> moderateThread(DiscussionService service) {
        return SocketCommandHandler.of("discussion.moderate_thread", ModerateThreadCommand.class, service::moderateThread);
    }
}
