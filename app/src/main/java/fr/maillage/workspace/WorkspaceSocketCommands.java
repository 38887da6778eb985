package fr.maillage.workspace;

import fr.maillage.core.security.Caller;
import fr.maillage.core.socket.SocketCommandHandler;
import fr.maillage.workspace.WorkspaceFrames.AwarenessCommand;
import fr.maillage.workspace.WorkspaceFrames.UpdateCommand;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.function.BiFunction;

/** The workspace commands on the socket, each one service call. */
@Factory
class WorkspaceSocketCommands {
    @Singleton
    SocketCommandHandler<UpdateCommand> update(WorkspaceService service) {
        return handler("workspace.update", UpdateCommand.class, service::applyUpdate);
    }

    @Singleton
    SocketCommandHandler<AwarenessCommand> awareness(WorkspaceService service) {
        return handler("workspace.awareness", AwarenessCommand.class, service::relayAwareness);
    }

    private static <T> SocketCommandHandler<T> handler(String type, Class<T> frameType,
                                                       BiFunction<Caller, T, SocketCommandHandler.CommandResult> call) {
        return new SocketCommandHandler<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<T> frameType() {
                return frameType;
            }

            @Override
            public SocketCommandHandler.CommandResult handle(Caller caller, T frame) {
                return call.apply(caller, frame);
            }
        };
    }
}
