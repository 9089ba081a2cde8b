package org.landscape.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NotebookTest {
    @Test
    void checksFailLoudly() {
        assertTrue(Check.that("X1", "holds", true, "1 < 2").summary().startsWith("\u2714 X1"));
        Check.ClaimFailed e = assertThrows(Check.ClaimFailed.class, () -> Check.close("X2", "equal", 1.0, 2.0, 0.1));
        assertTrue(e.getMessage().contains("X2") && e.getMessage().contains("expected 2.000"), e.getMessage());
    }

    @Test
    void scaleComesFromTheEnvironment() {
        assertEquals(Scale.CI, Scale.parse(null));
        assertEquals(Scale.FULL, Scale.parse(" Full "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
        assertTrue(e.getMessage().contains("use 'ci' or 'full'"));
        assertEquals(7, Scale.FULL.pick(3, 7));
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aBadScaleFailsEverySetupTheSameWayAndTheStatusSaysTheScaleRight() {
        String before = System.getProperty(Scale.VARIABLE);
        try {
            System.setProperty(Scale.VARIABLE, "huge");
            for (int k = 0; k < 2; k++) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Notebook::setup);
                assertTrue(e.getMessage().contains("LANDSCAPE_SCALE='huge' is not a scale"), e.getMessage());
                assertThrows(IllegalArgumentException.class, Notebook::scale);
            }
            System.setProperty(Scale.VARIABLE, "full");
            String full = Notebook.setup().summary();
            assertTrue(full.contains("scale full (the source's scale)"), full);
            System.setProperty(Scale.VARIABLE, "ci");
            String ci = Notebook.setup().summary();
            assertTrue(ci.contains("scale ci (set LANDSCAPE_SCALE=full for the source's scale)"), ci);
        } finally {
            if (before == null) {
                System.clearProperty(Scale.VARIABLE);
            } else {
                System.setProperty(Scale.VARIABLE, before);
            }
        }
    }

    @Test
    void aMultiLineCheckKeepsItsLines() {
        String html = Check.that("X3", "holds", true, "a\nb").toMimeBundle().get(org.landscape.display.MimeBundle.HTML);
        assertTrue(html.contains("white-space:pre-wrap") && html.contains("a\nb"), html);
    }
}
