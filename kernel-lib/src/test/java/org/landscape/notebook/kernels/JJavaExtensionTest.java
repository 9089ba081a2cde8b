package org.landscape.notebook.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.landscape.display.MimeBundle;

/** Against JJava's published API (jjava-jupyter 1.0-a6): no kernel runs here. */
class JJavaExtensionTest {

    @Test
    void displayIdsGoThroughTransientDataWhichEveryVersionHas() {
        DisplayData data = JJavaExtension.displayData(MimeBundle.html("<b>x</b>", "x"), "bar-1");
        assertTrue(data.hasDisplayId());
        assertEquals("bar-1", data.getDisplayId());
        assertEquals("<b>x</b>", data.getData(MIMEType.TEXT_HTML));
        assertEquals("x", data.getData(MIMEType.TEXT_PLAIN));
        assertTrue(!JJavaExtension.displayData(MimeBundle.text("y"), null).hasDisplayId());
    }

    @Test
    void outsideAKernelNothingIsFoundAndNothingFails() {
        assertNull(JJavaExtension.notebookKernel(), "BaseKernel.notebookKernel() exists (1.0-a6) and is null here");
        assertNull(JJavaExtension.installInRunningKernel());
        assertNull(Kernels.detect());
    }
}
