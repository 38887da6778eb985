package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;

/**
 * A command arriving on the socket ({@code type} = {@link #type()}): the frame is read into
 * {@link #frameType()}, validated, then handed over with the caller. One service call.
 */
public interface SocketCommandHandler<T> {
    String type();

    Class<T> frameType();

    CommandResult handle(Caller caller, T frame);

    /** The answer of a command: the sequence of the event it produced and a small result. */
    record CommandResult(Long seq, Object result) {
    }
}
