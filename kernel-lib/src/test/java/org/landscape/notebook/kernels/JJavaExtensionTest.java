package org.landscape.notebook.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.landscape.display.Display;
import org.landscape.display.DisplaySink;
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

    @Test
    void aRunningJJavaKernelIsFoundThroughNotebookKernelAndShowsWhatIsDisplayed() {
        DisplaySink before = Display.sink();
        FakeJJavaKernel kernel = new FakeJJavaKernel();
        FakeJJavaKernel.running(kernel);
        try {
            assertSame(kernel, JJavaExtension.notebookKernel());
            DisplaySink sink = Kernels.detect();
            assertNotNull(sink, "a running JJava 1.0-a6 kernel must be detected");
            assertEquals("JJava", sink.name());
            assertSame(sink, Display.sink(), "installing attaches the kernel's sink");
            String id = sink.display(MimeBundle.html("<i>chart</i>", "chart"));
            assertEquals(1, kernel.shown.size());
            assertEquals(id, kernel.shown.get(0).getDisplayId());
            assertEquals("<i>chart</i>", kernel.shown.get(0).getData(MIMEType.TEXT_HTML));
        } finally {
            FakeJJavaKernel.running(null);
            Display.attach(before);
        }
    }

    @Test
    void theAdapterNeverCallsSetDisplayIdWhoseSignatureChangedInA7() throws IOException {
        // a7 made setDisplayId return DisplayData: code compiled against a6's void method fails there with
        // NoSuchMethodError, so the adapter must not reference it at all (a6's API alone cannot show this).
        try (InputStream in = JJavaExtension.class.getResourceAsStream("JJavaExtension.class")) {
            String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains("setDisplayId"), "JJavaExtension references setDisplayId");
            assertTrue(bytes.contains("putTransientData"));
        }
    }
}
