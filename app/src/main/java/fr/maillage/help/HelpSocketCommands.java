package fr.maillage.help;

import fr.maillage.core.security.Caller;
import fr.maillage.core.socket.SocketCommandHandler;
import fr.maillage.help.HelpViews.PostMessageCommand;
import jakarta.inject.Singleton;

/** {@code help.post_message}: a message of a help request's private conversation. */
@Singleton
class HelpSocketCommands implements SocketCommandHandler<PostMessageCommand> {
    private final HelpService help;

    HelpSocketCommands(HelpService help) {
        this.help = help;
    }

    @Override
    public String type() {
        return "help.post_message";
    }

    @Override
    public Class<PostMessageCommand> frameType() {
        return PostMessageCommand.class;
    }

    @Override
    public CommandResult handle(Caller caller, PostMessageCommand frame) {
        return help.postMessage(caller, frame);
    }
}
