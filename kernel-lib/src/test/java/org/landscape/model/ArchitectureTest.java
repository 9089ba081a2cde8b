package org.landscape.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void parseReadsWhatToStringPrints() {
        for (Architecture a : new Architecture[]{Architecture.of(3, 4, 1), Architecture.of(784, 100, 10),
                Architecture.uniform(5, 8, 3, 2), Architecture.of(2, 1)}) {
            assertEquals(a, Architecture.parse(a.toString()));
        }
        assertEquals(Architecture.of(3, 4, 1), Architecture.parse(" 3-4-1 "), "parentheses may be left out");
    }

    @Test
    void parseRefusesWhatIsNotAnArchitectureSayingSo() {
        for (String bad : new String[]{"(3-x-1)", "(3--1)", "()", "3-0-1", "", "(3-4-1"}) {
            String m = assertThrows(IllegalArgumentException.class, () -> Architecture.parse(bad)).getMessage();
            assertTrue(m.contains("'" + bad + "' is not an architecture such as (3-4-1)"), m);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Architecture.parse(null)).getMessage()
                .contains("is not an architecture"));
    }
}
