package org.landscape.notebook.kernels;

import org.landscape.display.DisplaySink;

/**
 * The only place that knows about Jupyter kernels. Each adapter compiles against its kernel's API (provided
 * scope) and is touched only when that kernel's classes are present, so the core runs without any kernel.
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * The running kernel's display sink with the library's renderers registered, or null outside a kernel. JJava
     * is found by its kernel API (any version), not by the name of its main class, which changed in 1.0-a6.
     */
    public static DisplaySink detect() {
        if (present("io.github.spencerpark.ijava.IJava")) {
            return IJavaAdapter.install();
        }
        if (present("org.dflib.jjava.jupyter.kernel.BaseKernel")) {
            DisplaySink jjava = JJavaExtension.installInRunningKernel();
            if (jjava != null) {
                return jjava;
            }
        }
        if (present("org.rapaio.jupyter.kernel.MainApp")) {
            return RapaioDisplayProvider.sink();
        }
        return null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Kernels.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The kernel instance from the static {@code getKernelInstance()} of {@code className}, or null. */
    static Object kernelInstance(String className) {
        try {
            return Class.forName(className).getMethod("getKernelInstance").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
