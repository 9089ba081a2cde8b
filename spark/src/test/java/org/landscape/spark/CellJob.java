package org.landscape.spark;

/** SparkTest defines this class again without a code source, as a notebook cell's class is. */
public class CellJob extends SumJob {
    public CellJob() {
        super(1, 2, 3);
    }
}
