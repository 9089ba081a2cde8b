package org.landscape.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.landscape.util.BlockJob;

/**
 * A toy {@link BlockJob} for the scheduler's tests: block b is the sum of {@code perBlock} seeded random numbers (a
 * double, as 8 bytes). Optionally slow ({@code sleepMillis} per block, to be interrupted or lose a worker midway) and
 * failing once per block ({@code failOnceDir}: the first attempt of block b leaves a marker file there and throws).
 */
public class SumJob implements BlockJob<double[]> {
    private static final long serialVersionUID = 1L;

    final long seed;
    final int blocks;
    final int perBlock;
    long sleepMillis;
    String failOnceDir;

    private final double[] sums;
    private final boolean[] done;
    /** Blocks accepted a second time (ignored): read on the driver. */
    private int ignored;
    private volatile int accepted;

    public SumJob(long seed, int blocks, int perBlock) {
        this.seed = seed;
        this.blocks = blocks;
        this.perBlock = perBlock;
        this.sums = new double[blocks];
        this.done = new boolean[blocks];
    }

    SumJob slow(long millis) {
        this.sleepMillis = millis;
        return this;
    }

    SumJob failingOnce(Path dir) {
        this.failOnceDir = dir.toString();
        return this;
    }

    @Override
    public String describe() {
        return "sums of " + perBlock + " random numbers in " + blocks + " blocks";
    }

    @Override
    public int blocks() {
        return blocks;
    }

    @Override
    public synchronized boolean isDone(int block) {
        return done[block];
    }

    @Override
    public byte[] compute(int block) {
        if (failOnceDir != null) {
            try {
                Files.createFile(Paths.get(failOnceDir, "block-" + block));
                throw new IllegalStateException("first attempt of block " + block + " fails (test)");
            } catch (FileAlreadyExistsException retried) {
                // the second attempt: compute
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("block " + block + " interrupted", e);
            }
        }
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + block);
        double sum = 0;
        for (int i = 0; i < perBlock; i++) {
            sum += random.nextDouble() - 0.5;
        }
        return ByteBuffer.allocate(Double.BYTES).putDouble(sum).array();
    }

    @Override
    public synchronized boolean accept(int block, byte[] result) {
        if (done[block]) {
            ignored++;
            return false;
        }
        sums[block] = ByteBuffer.wrap(result).getDouble();
        done[block] = true;
        accepted++;
        return true;
    }

    int accepted() {
        return accepted;
    }

    /** How often a run stopped early and told the job so. */
    volatile int interruptions;

    @Override
    public void interrupted() {
        interruptions++;
    }

    synchronized int ignored() {
        return ignored;
    }

    @Override
    public synchronized double[] finish() {
        List<Integer> missing = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            if (!done[b]) {
                missing.add(b);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("blocks not done: " + missing);
        }
        return sums.clone();
    }
}
