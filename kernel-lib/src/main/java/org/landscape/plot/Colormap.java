package org.landscape.plot;

import java.awt.Color;

/** Perceptually uniform colour maps (anchors of matplotlib's viridis, linearly interpolated). */
public final class Colormap {
    private static final int[] VIRIDIS = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779,
            0x6ece58, 0xfde725};
    static final Color MISSING = new Color(0xbbbbbb);

    private Colormap() {
    }

    /** The colour of t in [0,1] (clamped); grey for NaN. */
    public static Color viridis(double t) {
        if (Double.isNaN(t)) {
            return MISSING;
        }
        double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int k = Math.min((int) s, VIRIDIS.length - 2);
        double f = s - k;
        int a = VIRIDIS[k], b = VIRIDIS[k + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static int mix(int a, int b, double f) {
        a &= 0xff;
        b &= 0xff;
        return (int) Math.round(a + f * (b - a));
    }
}
