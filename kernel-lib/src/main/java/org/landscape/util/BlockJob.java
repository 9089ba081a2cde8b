package org.landscape.util;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A long computation cut into independent blocks (a block of ensemble members, of grid rows, of spin-glass starts),
 * so that a scheduler elsewhere (the {@code kernel-lib-spark} module) can compute the blocks on other machines and the
 * single-machine result still comes out, bit for bit.
 *
 * <p>The contract, which every job's tests check:
 * <ul>
 * <li>{@link #compute} is a pure function of the job's serialised form and the block number: it may run on any JVM
 * (an executor that deserialised the job), any number of times (a retried task), in any order, and gives the same
 * bytes each time. It never touches the driver's files.</li>
 * <li>{@link #accept} runs where the job was made (the driver), once per finished block, in any order; a block
 * accepted twice (a speculative or retried task that also finished) is ignored, so nothing is counted twice. With a
 * directory the job keeps the finished blocks on disk in the single-machine path's own saved format, so an
 * interrupted run resumes on either path.</li>
 * <li>{@link #finish}, once every block is accepted, returns exactly what the single-machine call returns for the
 * same settings and seeds.</li>
 * </ul>
 * Work runs as the library's compiled classes: a job never holds a lambda typed in a notebook cell, whose class a
 * remote executor could not load.
 *
 * @param <R> the result, e.g. {@code EnsembleRun}
 */
public interface BlockJob<R> extends Serializable {
    /** What is computed, for progress bars and logs (e.g. "ensemble width 25: 1000 networks in 20 blocks"). */
    String describe();

    /** The blocks, numbered 0 .. blocks()-1. */
    int blocks();

    /** Whether block {@code block} is already done (accepted, or read back from a saved run). */
    boolean isDone(int block);

    /** Computes one block: runs anywhere, returns its result as bytes. */
    byte[] compute(int block);

    /** Keeps a finished block's result (on the driver); returns false if that block was already accepted. */
    boolean accept(int block, byte[] result);

    /** The result, once every block is done; refuses, naming the missing blocks, before. */
    R finish();

    /**
     * Called on the driver when a run stops before every block is done (an interrupted cell, a failed job): the job
     * keeps what it has (on disk, or in memory for the next call of the same computation), so that running the same
     * computation again, on either path, starts from the finished blocks.
     */
    default void interrupted() {
    }

    /** The blocks not done yet, in order. */
    default List<Integer> missing() {
        List<Integer> m = new ArrayList<>();
        for (int b = 0; b < blocks(); b++) {
            if (!isDone(b)) {
                m.add(b);
            }
        }
        return m;
    }

    /** For {@link #finish}: refuses, naming the blocks still to do, unless every block is done. */
    default void requireAllDone() {
        List<Integer> m = missing();
        if (!m.isEmpty()) {
            throw new IllegalStateException(describe() + ": blocks " + m + " are not done yet; run the job (e.g. "
                    + "spark.run(job)) until every block is accepted");
        }
    }

    /** Refuses a block number outside 0 .. blocks-1; returns it. */
    static int checkBlock(int block, int blocks) {
        if (block < 0 || block >= blocks) {
            throw new IllegalArgumentException("block must be in 0.." + (blocks - 1) + ", got " + block);
        }
        return block;
    }

    /** Refuses a driver's call ({@code what}) on a copy deserialised on an executor, which only computes blocks. */
    static void requireDriver(boolean onDriver, String what, String madeBy) {
        if (!onDriver) {
            throw new IllegalStateException(what + " is for the job " + madeBy + " made (the driver); this copy was "
                    + "deserialised on an executor and can only compute blocks");
        }
    }

    /** Runs the blocks still to do one after another in this JVM, then finishes: the reference for schedulers. */
    static <R> R runHere(BlockJob<R> job) {
        try {
            for (int b = 0; b < job.blocks(); b++) {
                if (!job.isDone(b)) {
                    job.accept(b, job.compute(b));
                }
            }
        } catch (RuntimeException stopped) {
            job.interrupted();
            throw stopped;
        }
        return job.finish();
    }
}
