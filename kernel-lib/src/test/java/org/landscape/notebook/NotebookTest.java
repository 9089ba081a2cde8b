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
}
