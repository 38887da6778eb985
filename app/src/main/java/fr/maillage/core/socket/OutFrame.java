package fr.maillage.core.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * A text frame encoded once, however many sockets it goes to: each write takes a duplicate
 * of the same bytes (the buffer is unreleasable, so no socket frees it under the others).
 */
final class OutFrame {
    final String text;
    private final ByteBuf bytes;

    private OutFrame(String text) {
        this.text = text;
        this.bytes = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    static OutFrame of(String text) {
        return new OutFrame(text);
    }

    ByteBuf content() {
        return bytes.duplicate();
    }
}
