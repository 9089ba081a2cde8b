package org.landscape.plot;

import org.knowm.xchart.XYChart;
import org.landscape.display.Renderings;

/**
 * A {@link Result} whose picture is one XChart chart captioned by its summary: curves, training runs, spectra,
 * densities. {@link #figure()} is the picture; {@link #chart()} the same chart, to restyle before showing or saving.
 */
public interface Charted extends Result {
    /** The picture as an XChart chart, a new one each call, to restyle or save. */
    XYChart chart();

    /** The picture as a {@link Figure}, e.g. for {@code Figure.row(a.figure(), b.figure())}. */
    @Override
    default Figure figure() {
        return new Figure(Renderings.chartImage(chart()), summary());
    }
}
