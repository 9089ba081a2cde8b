package org.landscape.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The tables results give are Tablesaw's, and a notebook goes on with Tablesaw's own verbs: sorting, selecting rows
 * and summarising must work on the library's classpath (ND4J brings an old fastutil that Tablesaw cannot use).
 */
class TablesawClasspathTest {
    @Test
    void sortingSelectingAndSummarisingWork() {
        Table t = Table.create("runs", IntColumn.create("width", 25, 25, 100, 100),
                DoubleColumn.create("loss", 0.4, 0.3, 0.2, 0.25));
        assertEquals(0.2, t.sortAscendingOn("loss").doubleColumn("loss").get(0));
        assertEquals(0.4, t.sortOn("-loss").doubleColumn("loss").get(0));
        assertEquals(2, t.where(t.intColumn("width").isEqualTo(100)).rowCount());
        assertEquals(2, t.dropWhere(t.doubleColumn("loss").isGreaterThan(0.28)).rowCount());
        Table means = t.summarize("loss", tech.tablesaw.aggregate.AggregateFunctions.mean).by("width");
        assertEquals(2, means.rowCount());
    }
}
