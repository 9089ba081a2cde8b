package org.landscape.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * kernel-lib's libraries on this module's classpath, where Maven took some shared dependencies at Spark's versions
 * (RoaringBitmap 1.3 under Tablesaw's selections, newer commons-*, SLF4J 2 bound to Log4j 2): they still work.
 * (Tablesaw's where/dropWhere/sortOn fail on kernel-lib's own classpath too: ND4J's fastutil 6.5.7 wins over Tablesaw's 8.)
 */
class ClasspathTest {
    @Test
    void tablesawSelectionsAndNd4jProducts() {
        Table t = Table.create("t", DoubleColumn.create("x", 1, 2, 3, 4, 5));
        assertEquals(3, t.doubleColumn("x").isGreaterThan(2.5).size());
        assertEquals(2, t.doubleColumn("x").isGreaterThan(2.5).and(t.doubleColumn("x").isLessThan(4.5)).size());
        assertEquals("org.apache.logging.slf4j.Log4jLoggerFactory",
                org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());

        INDArray a = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        assertEquals(54.0, a.mmul(a).sumNumber().doubleValue(), 0.0); // [[7,10],[15,22]]
    }
}
