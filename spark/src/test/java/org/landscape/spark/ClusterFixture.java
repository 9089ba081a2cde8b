package org.landscape.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone cluster scripts/spark_cluster_test.sh started (master and workers on 127.0.0.1), for tests tagged
 * {@code cluster}: its master URL, how many workers are alive, killing a worker (and its executor) by PID midway
 * through a job, and starting a replacement. Every process it starts is recorded in the cluster directory's
 * {@code pids} file, which the script stops at the end.
 *
 * <pre>{@code
 * @Tag("cluster") class MyClusterTest {
 *     static final ClusterFixture cluster = ClusterFixture.get();
 *     @BeforeEach void twoWorkers() { cluster.ensureWorkers(2); }
 *     @Test void survives() { ... spark = cluster.session(); ... cluster.killWorker(); ... }
 * }
 * }</pre>
 */
final class ClusterFixture {
    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private static ClusterFixture instance;

    private final String master;
    private final Path dir;
    private final String ui;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClusterFixture(String master, Path dir) {
        this.master = master;
        this.dir = dir;
        this.ui = read(dir.resolve("master-ui")).strip();
    }

    /** The cluster of LANDSCAPE_SPARK_MASTER and LANDSCAPE_SPARK_CLUSTER_DIR; refuses clearly without them. */
    static synchronized ClusterFixture get() {
        if (instance == null) {
            String master = System.getenv("LANDSCAPE_SPARK_MASTER");
            String dir = System.getenv("LANDSCAPE_SPARK_CLUSTER_DIR");
            if (master == null || dir == null || !Files.isRegularFile(Paths.get(dir, "master-ui"))) {
                throw new IllegalStateException("cluster tests need a running cluster: run them with "
                        + "bash scripts/spark_cluster_test.sh (it sets LANDSCAPE_SPARK_MASTER and "
                        + "LANDSCAPE_SPARK_CLUSTER_DIR), not with plain mvn test");
            }
            instance = new ClusterFixture(master, Paths.get(dir));
        }
        return instance;
    }

    /** E.g. spark://127.0.0.1:41234. */
    String master() {
        return master;
    }

    /** The session on this cluster (Spark keeps one per JVM: every test gets the same one). */
    Spark session() {
        return Spark.session(master);
    }

    /** Workers the master counts as alive (from its web UI's JSON). */
    int aliveWorkers() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ui + "/json/")).timeout(Duration.ofSeconds(5)).build();
            Matcher m = ALIVE.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PIDs of the workers started (by the script or here) that still run. */
    List<Long> workerPids() {
        List<Long> alive = new ArrayList<>();
        for (String line : read(dir.resolve("workers.pids")).split("\\s+")) {
            if (!line.isBlank()) {
                long pid = Long.parseLong(line.strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    alive.add(pid);
                }
            }
        }
        return alive;
    }

    /**
     * Kills a live worker and its executors (SIGKILL, by PID: a machine lost), and returns the worker's PID. Spark
     * runs the blocks that were on it again on the other workers. Call {@link #ensureWorkers} to replace it.
     */
    long killWorker() {
        List<Long> pids = workerPids();
        if (pids.isEmpty()) {
            throw new IllegalStateException("no live worker to kill");
        }
        long pid = pids.get(pids.size() - 1);
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
        worker.onExit().join();
        return pid;
    }

    /** Starts workers until {@code n} are alive and registered with the master (within a minute). */
    void ensureWorkers(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int started = 0;
        while (workerPids().size() < n) {
            try {
                Process p = new ProcessBuilder("bash", dir.resolve("start-worker.sh").toString()).inheritIO().start();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("start-worker.sh failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (++started > n) {
                throw new IllegalStateException("workers keep dying: see " + dir + "/worker-*.log");
            }
        }
        while (aliveWorkers() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(n + " workers did not register within a minute: see " + dir);
            }
            sleep(250);
        }
    }

    /** Waits (up to a minute) until {@code spark} has {@code n} executors registered. */
    static void awaitExecutors(Spark spark, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (spark.context().getExecutorMemoryStatus().size() - 1 < n) { // the driver counts too
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than " + n + " executors after a minute: " + spark);
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
