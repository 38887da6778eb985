package fr.maillage.workspace;

import fr.maillage.core.socket.SocketCommandHandler;
import fr.maillage.workspace.WorkspaceFrames.AwarenessCommand;
import fr.maillage.workspace.WorkspaceFrames.UpdateCommand;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The workspace commands on the socket, each one service call. */
@Factory
class WorkspaceSocketCommands {
    @Singleton
    SocketCommandHandler<UpdateCommand> update(WorkspaceService service) {
        return SocketCommandHandler.of("workspace.update", UpdateCommand.class, service::applyUpdate);
    }

    @Singleton
    SocketCommandHandler<AwarenessCommand> awareness(WorkspaceService service) {
        return SocketCommandHandler.of("workspace.awareness", AwarenessCommand.class, service::relayAwareness);
    }
}
