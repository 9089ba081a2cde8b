package org.landscape.hessian;

import org.knowm.xchart.XYChart;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.plot.Figure;

/** A result whose picture is one chart captioned by its summary: spectra, densities, layer blocks. */
public interface Charted extends Displayable {
    /** The picture, to restyle or save. */
    XYChart chart();

    /** The picture as a {@link Figure}, e.g. for {@code Figure.row(a.figure(), b.figure())}. */
    default Figure figure() {
        return Charts.figure(chart(), summary());
    }

    @Override
    default MimeBundle toMimeBundle() {
        return Charts.bundle(chart(), summary());
    }
}
