package org.landscape.display;

import java.util.ServiceLoader;

/**
 * Where output goes: the kernel's sink once one is found or attached, otherwise the console (files and lines).
 * Results and progress bars ask here, so they work the same in a kernel, a test or a script.
 */
public final class Display {
    private static volatile DisplaySink sink;

    private Display() {
    }

    /**
     * Looks for a running kernel (through the {@link KernelProbe} services) and uses it, or the console. A kernel
     * sink already attached (by the kernel loading the library's extension) is kept when no probe finds one.
     */
    public static synchronized DisplaySink detect() {
        DisplaySink found = null;
        for (KernelProbe probe : ServiceLoader.load(KernelProbe.class, Display.class.getClassLoader())) {
            found = probe.detect();
            if (found != null) {
                break;
            }
        }
        DisplaySink current = sink;
        sink = found != null ? found : current != null && !(current instanceof ConsoleSink) ? current
                : ConsoleSink.fromEnvironment();
        return sink;
    }

    /** Used by the kernel adapters when the kernel loads the library's extension on its own. */
    public static void attach(DisplaySink kernelSink) {
        sink = kernelSink;
    }

    /** The current sink; the first call looks for a kernel. */
    public static DisplaySink sink() {
        DisplaySink current = sink;
        return current != null ? current : detect();
    }

    /** Shows a chart, table, image or library result: inline in a kernel, as a file and a line elsewhere. */
    public static void show(Object value) {
        sink().display(Renderings.of(value));
    }
}
