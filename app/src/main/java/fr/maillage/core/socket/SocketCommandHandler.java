package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;

import java.util.function.BiFunction;

/**
 * A command arriving on the socket ({@code type} = {@link #type()}): the frame is read into
 * {@link #frameType()}, validated, then handed over with the caller. One service call.
 */
public interface SocketCommandHandler<T> {
    String type();

    Class<T> frameType();

    CommandResult handle(Caller caller, T frame);

    /** A handler of {@code type} whose frames are read into {@code frameType} and passed to {@code call}. */
    static <T> SocketCommandHandler<T> of(String type, Class<T> frameType, BiFunction<Caller, T, CommandResult> call) {
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
            public CommandResult handle(Caller caller, T frame) {
                return call.apply(caller, frame);
            }
        };
    }

    /** The answer of a command: the sequence of the event it produced and a small result. */
    record CommandResult(Long seq, Object result) {
    }
}
