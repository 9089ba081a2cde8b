package org.landscape.notebook.kernels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/** A JJava 1.0-a6 kernel without a connection: it records what is displayed, so detection can be tested. */
final class FakeJJavaKernel extends BaseKernel {
    final List<DisplayData> shown = new ArrayList<>();

    FakeJJavaKernel() {
        super("fake-jjava", "1.0-a6", null, List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(),
                new Renderer(), null, null, false, new StringStyler.Builder().build());
    }

    /** Makes this the kernel {@code BaseKernel.notebookKernel()} returns, as a running JJava does (null: none). */
    static void running(BaseKernel kernel) {
        notebookKernel = kernel;
    }

    @Override
    public void display(DisplayData data) {
        shown.add(data);
    }

    @Override
    public Object evalRaw(String code) {
        throw new UnsupportedOperationException("no evaluation in the fake kernel");
    }

    @Override
    public DisplayData inspect(String code, int at, boolean detail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return null;
    }

    @Override
    public String isComplete(String code) {
        return IS_COMPLETE_YES;
    }
}
