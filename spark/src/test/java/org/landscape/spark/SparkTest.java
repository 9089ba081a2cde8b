package org.landscape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.util.BlockJob;

/** Spark in this JVM (local[2]): the same results as BlockJob.runHere, retries, resume, refusals. */
class SparkTest {
    static Spark spark;

    @BeforeAll
    static void open() {
        spark = Spark.session("local[2]", java.util.Map.of("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void close() {
        spark.close();
    }

    @Test
    void sameAsRunHereBitForBit() {
        double[] here = BlockJob.runHere(new SumJob(7, 9, 10_000));
        double[] there = spark.run(new SumJob(7, 9, 10_000));
        assertArrayEquals(here, there); // exact: doubleToLongBits equality
        assertEquals(9, there.length);
    }

    @Test
    void resumesFromDoneBlocksAndIgnoresASecondAccept() {
        SumJob reference = new SumJob(3, 6, 1000);
        double[] expected = BlockJob.runHere(reference);
        SumJob job = new SumJob(3, 6, 1000);
        for (int b : new int[] {0, 4}) {
            job.accept(b, new SumJob(3, 6, 1000).compute(b));
        }
        assertArrayEquals(expected, spark.run(job));
        assertEquals(6, job.accepted());
        assertEquals(0, job.ignored(), "Spark hands each block over once");
        assertFalse(job.accept(2, new byte[8]), "a block accepted twice is ignored");
        assertEquals(1, job.ignored());
        assertArrayEquals(expected, job.finish());
        // all done: nothing for Spark to do
        assertArrayEquals(expected, spark.run(job));
    }

    @Test
    void aFailedTaskIsRetried(@TempDir Path markers) throws IOException {
        double[] expected = BlockJob.runHere(new SumJob(11, 4, 2000));
        assertArrayEquals(expected, spark.run(new SumJob(11, 4, 2000).failingOnce(markers)));
        try (var files = Files.list(markers)) {
            assertEquals(4, files.count(), "each block failed once, then ran again");
        }
    }

    @Test
    void aBlockFailingEveryTimeFailsTheRunAndKeepsTheOthers() {
        SumJob job = new FailingBlock(5, 5, 100);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> spark.run(job));
        assertTrue(e.getMessage().contains("the Spark job failed"), e.getMessage());
        assertTrue(e.getMessage().contains("running it again computes only the other"), e.getMessage());
        assertFalse(job.isDone(3));
    }

    /** Block 3 always fails. */
    static class FailingBlock extends SumJob {
        FailingBlock(long seed, int blocks, int perBlock) {
            super(seed, blocks, perBlock);
        }

        @Override
        public byte[] compute(int block) {
            if (block == 3) {
                throw new IllegalStateException("block 3 always fails (test)");
            }
            return super.compute(block);
        }
    }

    @Test
    void anInterruptCancelsAndTheNextRunResumes() throws Exception {
        double[] expected = BlockJob.runHere(new SumJob(13, 8, 100));
        SumJob job = new SumJob(13, 8, 100).slow(700);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagAfter = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread cell = new Thread(() -> {
            try {
                spark.run(job);
            } catch (Throwable t) {
                thrown.set(t);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        cell.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.accepted() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        cell.interrupt();
        cell.join(30_000);
        assertFalse(cell.isAlive());
        Throwable t = thrown.get();
        assertTrue(t instanceof CancellationException, String.valueOf(t));
        assertTrue(t.getMessage().contains("are done and kept"), t.getMessage());
        assertEquals(1, job.interruptions, "the job was told, so it keeps its blocks for the next run");
        assertFalse(flagAfter.get(), "the interruption is answered by the exception: the next cell is not stopped");
        int kept = job.accepted();
        assertTrue(kept >= 2 && kept < 8, "kept " + kept);
        job.slow(0);
        assertArrayEquals(expected, spark.run(job));
        assertEquals(8, job.accepted());
    }

    @Test
    void aBadMasterSaysWhatToGive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spark.session("spark:/host"));
        assertTrue(e.getMessage().contains("master \"spark:/host\""), e.getMessage());
        assertTrue(e.getMessage().contains("spark://host:7077") && e.getMessage().contains("local[*]"), e.getMessage());
        IllegalArgumentException k8s = assertThrows(IllegalArgumentException.class,
                () -> Spark.session("k8s://https://kube:6443"));
        assertTrue(k8s.getMessage().contains("spark-kubernetes_2.13"), k8s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Spark.session(" "));
    }

    @Test
    void localMastersTryATaskFourTimes() {
        assertEquals("local[2,4]", spark.master());
        assertEquals("local[*,4]", Masters.normalize("local[*]"));
        assertEquals("local[1,4]", Masters.normalize("local"));
        assertEquals("local[3,1]", Masters.normalize("local[3,1]"));
        assertEquals("spark://a:7077,b:7077", Masters.normalize("spark://a:7077,b:7077"));
    }

    @Test
    void oneSessionPerJvm() {
        assertSame(spark, Spark.session("local[2]"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Spark.session("local[1]"));
        assertTrue(e.getMessage().contains("close()"), e.getMessage());
        assertTrue(spark.toString().startsWith("Spark 4.0.1 on local[2,4]: "), spark.toString());
    }

    /** A job holding a lambda: an executor could not load the lambda's class from a cell. */
    static class LambdaJob extends SumJob {
        final IntToDoubleFunction f = (IntToDoubleFunction & Serializable) b -> b;

        LambdaJob() {
            super(1, 2, 3);
        }
    }

    @Test
    void aLambdaOrACellsClassIsRefusedBeforeSparkWork() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spark.run(new LambdaJob()));
        assertTrue(e.getMessage().contains("lambda") && e.getMessage().contains("compiled classes only"),
                e.getMessage());
        // A class defined without a code source, as a notebook cell's or JShell's is.
        Class<?> cellClass = new CellLoader().define(SumJob.class.getName().replace("SumJob", "CellJob"));
        BlockJob<?> cellJob = (BlockJob<?>) cellClass.getConstructor().newInstance();
        IllegalArgumentException cell = assertThrows(IllegalArgumentException.class, () -> spark.run(cellJob));
        assertTrue(cell.getMessage().contains("notebook cell"), cell.getMessage());
    }

    /** Defines a class from the test classes' bytes with no code source. */
    static final class CellLoader extends ClassLoader {
        CellLoader() {
            super(SparkTest.class.getClassLoader());
        }

        Class<?> define(String name) throws IOException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            }
        }
    }

    @Test
    void jvmOptionsFileMatchesAndThisJvmHasThem() throws IOException {
        Path file = Paths.get("jvm-options.txt");
        assertEquals(Spark.JVM_OPTIONS, Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList());
        assertEquals(List.of(), Spark.missingJvmOptions(), "surefire's argLine lacks options");
    }

    @Test
    void aJvmWithoutTheOptionsIsToldHowToStart() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                NoOptions.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("needs JVM options this JVM was started without: --add-opens=java.base/java.lang="),
                out);
        assertTrue(out.contains("spark/jvm-options.txt") && out.contains("scripts/launch.sh --spark"), out);
    }

    /** Run in a JVM started without the options. */
    static final class NoOptions {
        public static void main(String[] args) {
            try {
                Spark.session("local[1]");
                System.out.println("no failure");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    @Test
    void shipsTheProjectsJarsNotSparks() {
        List<String> jars = Shipping.jars();
        assertTrue(jars.stream().anyMatch(j -> Paths.get(j).getFileName().toString().startsWith("kernel-lib")), "" + jars);
        assertTrue(jars.stream().anyMatch(j -> j.contains("nd4j-native")), "" + jars);
        assertFalse(jars.stream().anyMatch(j -> j.contains("spark-core_2.13") || j.contains("scala-library")), "" + jars);
    }
}
