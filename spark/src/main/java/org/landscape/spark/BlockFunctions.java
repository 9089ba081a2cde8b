package org.landscape.spark;

import java.io.Serializable;
import java.util.concurrent.BlockingQueue;

import org.landscape.util.BlockJob;

import scala.collection.Iterator;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/** The Scala functions {@code SparkContext.submitJob} takes, as named classes (Spark serialises the first one). */
final class BlockFunctions {
    private BlockFunctions() {
    }

    /** A block's result as it reaches the driver: the partition it was computed in, and its bytes. */
    record Finished(int partition, byte[] bytes) {
    }

    /** Runs on an executor: the partition holds one block number; computes that block. */
    static final class Compute extends AbstractFunction1<Iterator<Integer>, byte[]> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final BlockJob<?> job;

        Compute(BlockJob<?> job) {
            this.job = job;
        }

        @Override
        public byte[] apply(Iterator<Integer> blocks) {
            int block = blocks.next();
            byte[] out = job.compute(block);
            if (out == null) {
                throw new IllegalStateException(job.getClass().getName() + ".compute(" + block + ") returned null");
            }
            return out;
        }
    }

    /**
     * Runs on the driver (Spark's scheduler thread) once per finished partition: hands the result to the thread that
     * called {@link Spark#run}, which accepts it. Never throws (a throwing handler would fail the whole Spark job).
     */
    static final class Handler extends AbstractFunction2<Object, byte[], BoxedUnit> {
        private final BlockingQueue<Finished> queue;

        Handler(BlockingQueue<Finished> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object partition, byte[] bytes) {
            queue.add(new Finished((Integer) partition, bytes));
            return BoxedUnit.UNIT;
        }
    }

    /** The Spark job's own result: nothing (the blocks' results went to {@link Handler}). */
    static final class Nothing extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
