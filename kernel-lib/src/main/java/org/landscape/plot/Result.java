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
 * <p>Every result type also has a static {@code read(Path)}: its file is a CSV table framed by comment lines
 * ({@link ResultFile}), and {@code X.read(file)} gives back the same numbers, bit for bit, the same summary, table and
 * picture. What a file does not hold (a network, parameter vectors, dense operators) is refused by the read-back
 * result's methods that need it, with a message naming the file and how to compute it again.
 */
public interface Result extends Displayable {
    /** The picture, e.g. for {@code Figure.row(a.figure(), b.figure())}. */
    Figure figure();

    /** The numbers behind the picture, one row per point, run or eigenvalue. */
    Table table();

    /**
     * Writes the result as CSV, atomically (a temporary file, then a rename): {@link #table()} and whatever else its
     * {@code read(Path)} needs; a result type overrides it.
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
