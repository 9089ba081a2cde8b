package org.landscape.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;

/** A finished picture: an image drawn at {@link Renderings#PIXEL_RATIO} times its display width, and a caption. */
public final class Figure implements Displayable {
    private final BufferedImage image;
    private final String caption;

    public Figure(BufferedImage image, String caption) {
        this.image = image;
        this.caption = caption;
    }

    /** Several figures side by side, top-aligned, on white. */
    public static Figure row(Figure... figures) {
        if (figures.length == 0) {
            throw new IllegalArgumentException("row needs at least one figure");
        }
        int width = 0, height = 0;
        StringBuilder caption = new StringBuilder();
        for (Figure f : figures) {
            width += f.image.getWidth();
            height = Math.max(height, f.image.getHeight());
            caption.append(caption.length() == 0 ? "" : " | ").append(f.caption);
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Theme.BACKGROUND);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (Figure f : figures) {
            g.drawImage(f.image, x, 0, null);
            x += f.image.getWidth();
        }
        g.dispose();
        return new Figure(out, caption.toString());
    }

    /** Figures in a grid of {@code columns} columns, row by row (e.g. Figure 12.2's six panels as 3 x 2). */
    public static Figure grid(int columns, Figure... figures) {
        if (columns < 1 || figures.length == 0) {
            throw new IllegalArgumentException("grid needs columns >= 1 and at least one figure");
        }
        int rows = (figures.length + columns - 1) / columns;
        Figure[] rowFigures = new Figure[rows];
        for (int r = 0; r < rows; r++) {
            rowFigures[r] = row(java.util.Arrays.copyOfRange(figures, r * columns, Math.min(figures.length, (r + 1) * columns)));
        }
        int width = 0, height = 0;
        for (Figure f : rowFigures) {
            width = Math.max(width, f.image.getWidth());
            height += f.image.getHeight();
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Theme.BACKGROUND);
        g.fillRect(0, 0, width, height);
        int y = 0;
        StringBuilder caption = new StringBuilder();
        for (Figure f : rowFigures) {
            g.drawImage(f.image, 0, y, null);
            y += f.image.getHeight();
            caption.append(caption.length() == 0 ? "" : " / ").append(f.caption);
        }
        g.dispose();
        return new Figure(out, caption.toString());
    }

    public BufferedImage image() {
        return image;
    }

    /** Width in CSS pixels at which the notebook shows it. */
    public int displayWidth() {
        return image.getWidth() / Renderings.PIXEL_RATIO;
    }

    public void save(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the figure to " + file, e);
        }
    }

    @Override
    public String summary() {
        return caption;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.image(image, displayWidth(), caption);
    }

    @Override
    public String toString() {
        return caption;
    }
}
