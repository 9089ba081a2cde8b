package org.landscape.plot;

import java.nio.file.Path;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import tech.tablesaw.api.Table;

/**
 * What every library result answers, in the manner of Tablesaw's tables: a one-line {@link #summary()}, its
 * picture ({@link #figure()}), its numbers ({@link #table()}) and {@link #write(Path)}. In a notebook it shows as
 * the picture captioned by the summary. Types that can be read back add a static {@code read(Path)}.
 */
public interface Result extends Displayable {
    /** The picture, e.g. for {@code Figure.row(a.figure(), b.figure())}. */
    Figure figure();

    /** The numbers behind the picture, one row per point, run or eigenvalue. */
    Table table();

    /** Writes {@link #table()} as CSV, atomically (a temporary file, then a rename). */
    default void write(Path file) {
        Tables.write(table(), file);
    }

    @Override
    default MimeBundle toMimeBundle() {
        Figure f = figure();
        return MimeBundle.image(f.image(), f.displayWidth(), summary());
    }
}
