package org.landscape.slice;

import java.nio.file.Path;

/** Run in a child JVM with a small heap by {@link SurfaceTest}: saves and reads back a grid larger than a table of it would fit. */
public final class SurfaceSaveChild {
    private SurfaceSaveChild() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[1]);
        Surface s = Surface.evaluate("loss", Axis.of("x", 0, 1, n), Axis.of("y", 0, 1, n), (x, y) -> x * x + y / 3);
        s.write(Path.of(args[0]));
        double corner = s.value(n - 1, n - 1);
        s = null; // room for the grid read back
        Surface back = Surface.read(Path.of(args[0]));
        System.out.println(back.value(n - 1, n - 1) == corner && back.isComplete() ? "ok" : "different");
    }
}
