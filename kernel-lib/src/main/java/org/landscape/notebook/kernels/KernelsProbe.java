package org.landscape.notebook.kernels;

import org.landscape.display.DisplaySink;
import org.landscape.display.KernelProbe;

/** The {@link KernelProbe} service: how the display layer finds a kernel without depending on this package. */
public final class KernelsProbe implements KernelProbe {
    @Override
    public DisplaySink detect() {
        return Kernels.detect();
    }
}
