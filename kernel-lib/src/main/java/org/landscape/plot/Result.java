package org.landscape.plot;

import java.nio.file.Path;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import tech.tablesaw.api.Table;

/**
 * What every library result answers, in the manner of Tablesaw's tables: a one-line {@link #summary()}, its
 * picture ({@link #figure()}), its numbers ({@link #table()}) and {@link #write(Path)}. In a notebook it shows as
 * the picture captioned by the summary.
 *
 * <p>Types that can be read back add a static {@code read(Path)}: {@code Surface}, {@code Curve},
 * {@code TrainingRun}, {@code Ensemble.Result}, {@code Spectrum}, {@code SpectralDensity}, {@code Trace.Estimate},
 * {@code DescentResult}, {@code DescentStudy}, {@code CriticalPoints}. Their files are CSV tables framed by comment
 * lines ({@link ResultFile}): {@code X.read(file)} gives back the same numbers, bit for bit, the same summary, table
 * and picture. The others say in their class comment why they cannot be read back (they hold operators, networks
 * or parameter vectors that a table does not); their {@code write} saves the plain table for other tools.
 */
public interface Result extends Displayable {
    /** The picture, e.g. for {@code Figure.row(a.figure(), b.figure())}. */
    Figure figure();

    /** The numbers behind the picture, one row per point, run or eigenvalue. */
    Table table();

    /**
     * Writes the result as CSV, atomically (a temporary file, then a rename): {@link #table()}, and for a type with
     * {@code read(Path)} whatever else it needs to be read back.
     */
    default void write(Path file) {
        Tables.write(table(), file);
    }

    @Override
    default MimeBundle toMimeBundle() {
        Figure f = figure();
        return MimeBundle.image(f.image(), f.displayWidth(), summary());
    }
}
