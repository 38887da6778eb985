package fr.maillage.core.web;

import fr.maillage.core.error.ProblemException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes an uploaded image only after reading its dimensions from the header: a 48 KB PNG
 * of 20000×20000 pixels took 15 s of CPU and 2.7 GB to decode (issue 14). Every image the
 * server decodes goes through {@link #decode}.
 */
public final class ImageBounds {
    public static final int MAX_SIDE = 4096;
    public static final long MAX_PIXELS = 16L * 1024 * 1024;

    private ImageBounds() {
    }

    /** The decoded image, or a 400 problem on {@code field} when it is no image or too large. */
    public static BufferedImage decode(byte[] bytes, String field) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw ProblemException.invalid(field, "is not an image (PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                    throw ProblemException.invalid(field, "is " + width + "×" + height
                            + " pixels; at most " + MAX_SIDE + "×" + MAX_SIDE);
                }
                BufferedImage image = reader.read(0);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw ProblemException.invalid(field, "is not an image (PNG, JPEG, GIF or BMP)");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw ProblemException.invalid(field, "is not an image (PNG, JPEG, GIF or BMP)");
        }
    }
}
