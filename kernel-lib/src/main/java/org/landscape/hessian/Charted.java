package org.landscape.hessian;

import org.knowm.xchart.XYChart;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Result;

/** A {@link Result} whose picture is one chart captioned by its summary: spectra, densities, layer blocks. */
public interface Charted extends Result {
    /** The picture, to restyle or save. */
    XYChart chart();

    /** The picture as a {@link Figure}, e.g. for {@code Figure.row(a.figure(), b.figure())}. */
    @Override
    default Figure figure() {
        return new Figure(Renderings.chartImage(chart()), summary());
    }
}
