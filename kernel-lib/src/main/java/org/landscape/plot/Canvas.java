package org.landscape.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.landscape.display.Renderings;

/** Java2D drawing shared by the library's own plots: a white canvas at 2x, axes with nice ticks, titles. */
final class Canvas {
    final BufferedImage image;
    final Graphics2D g;
    final int width;
    final int height;
    static final Font TITLE = Theme.TITLE_FONT;
    static final Font LABEL = Theme.LABEL_FONT;
    static final Font TICK = Theme.SMALL_FONT;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        int s = Renderings.PIXEL_RATIO;
        image = new BufferedImage(width * s, height * s, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(s, s);
        g.setColor(Theme.BACKGROUND);
        g.fillRect(0, 0, width, height);
    }

    void title(String title) {
        if (title == null || title.isEmpty()) {
            return;
        }
        // Long titles get a smaller font rather than running off the picture.
        Font font = TITLE;
        while (font.getSize() > 9 && g.getFontMetrics(font).stringWidth(title) > width - 8) {
            font = font.deriveFont((float) font.getSize() - 1);
        }
        g.setFont(font);
        g.setColor(Theme.TEXT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, Math.max(4, (width - fm.stringWidth(title)) / 2), 20);
    }

    /** Frame, ticks and labels of a plot area mapping [xmin,xmax] x [ymin,ymax] onto (px, py, pw, ph). */
    void axes(int px, int py, int pw, int ph, double xmin, double xmax, double ymin, double ymax,
              String xLabel, String yLabel) {
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(px, py, pw, ph);
        g.setFont(TICK);
        FontMetrics fm = g.getFontMetrics();
        for (double t : ticks(xmin, xmax, 6)) {
            int x = (int) Math.round(px + (t - xmin) / (xmax - xmin) * pw);
            g.drawLine(x, py + ph, x, py + ph + 4);
            String s = format(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, py + ph + 16);
        }
        for (double t : ticks(ymin, ymax, 6)) {
            int y = (int) Math.round(py + ph - (t - ymin) / (ymax - ymin) * ph);
            g.drawLine(px - 4, y, px, y);
            String s = format(t);
            g.drawString(s, px - 7 - fm.stringWidth(s), y + 4);
        }
        g.setFont(LABEL);
        fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(xLabel, px + (pw - fm.stringWidth(xLabel)) / 2, py + ph + 34);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(py + (ph + fm.stringWidth(yLabel)) / 2), px - 40);
        r.dispose();
    }

    /** Text on a translucent white box, centred at (x, y). */
    void boxedText(String s, double x, double y, Color color) {
        g.setFont(TICK);
        FontMetrics fm = g.getFontMetrics();
        int w = fm.stringWidth(s) + 4, h = fm.getAscent() + 2;
        g.setColor(new Color(255, 255, 255, 200));
        g.fillRoundRect((int) (x - w / 2.0), (int) (y - h / 2.0), w, h, 4, 4);
        g.setColor(color);
        g.drawString(s, (float) (x - w / 2.0 + 2), (float) (y + h / 2.0 - 2));
    }

    Figure finish(String caption) {
        g.dispose();
        return new Figure(image, caption);
    }

    /** About {@code target} round tick values (1, 2, 5 times a power of ten) inside [lo, hi]. */
    static List<Double> ticks(double lo, double hi, int target) {
        List<Double> out = new ArrayList<>();
        if (!(hi > lo)) {
            out.add(lo);
            return out;
        }
        double raw = (hi - lo) / target;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step) {
            out.add(Math.abs(t) < 1e-12 * step ? 0.0 : t);
        }
        return out;
    }

    static String format(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) {
            String e = String.format(Locale.ROOT, "%.2e", v); // 1.50e+03 -> 1.5e+03, 1.00e-04 -> 1e-04
            return e.replaceAll("\\.?0+e", "e");
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
