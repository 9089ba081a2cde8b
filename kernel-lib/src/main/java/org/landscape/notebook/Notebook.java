package org.landscape.notebook;

import java.util.Locale;
import org.landscape.display.Display;
import org.landscape.display.DisplaySink;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;

/**
 * The notebook's entry point: {@link #setup()} once at the top (it finds the kernel and teaches it to show charts,
 * tables and results inline), {@link #scale()} for the experiment size, {@link #show(Object)} to display anything.
 * Outside a kernel the same calls save pictures to files and print text, so notebook code also runs in tests.
 */
public final class Notebook {
    private Notebook() {
    }

    /**
     * Finds the running kernel (IJava, JJava or rapaio-jupyter-kernel) and registers the library's renderers with
     * it. Safe to call more than once. Returns a one-line status that displays as the cell's result. A bad
     * {@code LANDSCAPE_SCALE} fails here, before anything else, as it fails every {@link #scale()} call.
     */
    public static Status setup() {
        Scale scale = scale();
        return new Status(Display.detect().name(), scale);
    }

    /** Used by the kernel adapters when the kernel loads the library's extension on its own. */
    public static void attach(DisplaySink kernelSink) {
        Display.attach(kernelSink);
    }

    /** Where output goes now: the kernel once {@link #setup()} has found one, otherwise the console. */
    public static DisplaySink sink() {
        return Display.sink();
    }

    /** The experiment size, from {@code LANDSCAPE_SCALE} ({@code ci} when unset). */
    public static Scale scale() {
        return Scale.fromEnvironment();
    }

    /**
     * Shows a chart, table, image or library result: inline in a kernel, as a file and a line elsewhere.
     * Returns nothing, so {@code Notebook.show(x);} prints no display id in any kernel.
     */
    public static void show(Object value) {
        Display.show(value);
    }

    /** The status line {@link #setup()} returns. */
    public static final class Status implements Displayable {
        private final String kernel;
        private final Scale scale;

        Status(String kernel, Scale scale) {
            this.kernel = kernel;
            this.scale = scale;
        }

        public String kernel() {
            return kernel;
        }

        @Override
        public String summary() {
            String coretype = System.getenv("OPENBLAS_CORETYPE");
            String scaleNote = scale == Scale.FULL ? "the source's scale"
                    : "set " + Scale.VARIABLE + "=full for the source's scale";
            return String.format(Locale.ROOT, "kernel-lib ready: kernel %s, scale %s (%s), "
                            + "%d cores, max heap %d MB, OPENBLAS_CORETYPE=%s, %s",
                    kernel, scale, scaleNote, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, coretype == null ? "unset (BLAS may run slowly)" : coretype,
                    org.landscape.model.internal.DenseKernels.vectorApi() ? "Vector API on"
                            : "Vector API off (start the JVM with --add-modules=jdk.incubator.vector: slices 5x faster)");
        }

        @Override
        public MimeBundle toMimeBundle() {
            return MimeBundle.text(summary());
        }

        @Override
        public String toString() {
            return summary();
        }
    }
}
