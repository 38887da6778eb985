package fr.maillage.directory;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Profile photos: the uploaded bytes must decode as an image; what is stored is always a new,
 * square-cropped JPEG of at most {@code pixels} a side, so nothing of the upload (metadata,
 * scripts in an SVG, a polyglot file) is ever served back.
 */
final class Photos {
    private Photos() {
    }

    static byte[] reencode(byte[] upload, int maxBytes, int pixels) {
        if (upload == null || upload.length == 0) {
            throw ProblemException.invalid("photo", "is empty");
        }
        if (upload.length > maxBytes) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE, "A photo may weigh at most " + maxBytes / 1024 + " KB");
        }
        // Dimensions are read from the header before any pixel is decoded (image bombs).
        BufferedImage image = fr.maillage.core.web.ImageBounds.decode(upload, "photo");
        int side = Math.min(image.getWidth(), image.getHeight());
        int target = Math.min(side, pixels);
        BufferedImage square = new BufferedImage(target, target, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, target, target);
            int x = (image.getWidth() - side) / 2;
            int y = (image.getHeight() - side) / 2;
            g.drawImage(image, 0, 0, target, target, x, y, x + side, y + side, null);
        } finally {
            g.dispose();
        }
        return jpeg(square);
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Up to two letters from the display name, shown when there is no photo. */
    static String initials(String displayName) {
        StringBuilder initials = new StringBuilder();
        for (String word : displayName.strip().split("[\\s\\-]+")) {
            if (!word.isEmpty() && initials.length() < 2) {
                initials.appendCodePoint(Character.toUpperCase(word.codePointAt(0)));
            }
        }
        return initials.isEmpty() ? "?" : initials.toString();
    }
}
