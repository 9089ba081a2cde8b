package org.landscape.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What a notebook shows for one object: its representations by MIME type (PNG as base64, HTML, plain text)
 * and per-type metadata (an image's display width). Kernel adapters copy it into their own display data,
 * so the core never depends on a kernel.
 */
public final class MimeBundle {
    public static final String PNG = "image/png";
    public static final String HTML = "text/html";
    public static final String TEXT = "text/plain";

    private final Map<String, String> data = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
    private RenderedImage image;

    public static MimeBundle text(String text) {
        return new MimeBundle().withText(text);
    }

    public static MimeBundle html(String html, String text) {
        return new MimeBundle().withHtml(html).withText(text);
    }

    /** A PNG of {@code image}, shown at {@code displayWidth} CSS pixels (images are drawn at 2x for sharpness). */
    public static MimeBundle image(RenderedImage image, int displayWidth, String text) {
        MimeBundle bundle = new MimeBundle().withText(text);
        bundle.image = image;
        bundle.data.put(PNG, Base64.getEncoder().encodeToString(pngBytes(image)));
        bundle.metadata.put(PNG, Map.of("width", displayWidth));
        return bundle;
    }

    public MimeBundle withText(String text) {
        data.put(TEXT, text);
        return this;
    }

    public MimeBundle withHtml(String html) {
        data.put(HTML, html);
        return this;
    }

    public Map<String, String> data() {
        return Collections.unmodifiableMap(data);
    }

    public Map<String, Map<String, Object>> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public String get(String mimeType) {
        return data.get(mimeType);
    }

    public boolean has(String mimeType) {
        return data.containsKey(mimeType);
    }

    /** The image this bundle was made from, if any (used when saving to files outside a kernel). */
    public RenderedImage image() {
        return image;
    }

    static byte[] pngBytes(RenderedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
    }
}
