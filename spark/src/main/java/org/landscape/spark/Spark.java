package org.landscape.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.landscape.display.Progress;
import org.landscape.spark.BlockFunctions.Finished;
import org.landscape.util.BlockJob;

import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Runs any {@link BlockJob} (ensemble members, plane-grid rows, spin-glass walkers...) on Apache Spark: one Spark
 * task per block still to do, the job serialised to the executors, which call {@code compute}; each finished block's
 * bytes come back to this JVM (the driver), where the job {@code accept}s them as they arrive, so an interrupted or
 * failed run keeps every finished block and the next run computes only the others. The result equals
 * {@link BlockJob#runHere} bit for bit.
 *
 * <pre>{@code
 * try (Spark spark = Spark.session()) {          // LANDSCAPE_SPARK_MASTER, else local[*] in this JVM
 *     EnsembleRun run = spark.run(job);
 * }
 * }</pre>
 *
 * <p>The JVM must run with {@link #JVM_OPTIONS} (spark/jvm-options.txt): Spark 4 on JDK 17 reaches into JDK
 * internals; {@link #session} says so if they are missing. The classpath is {@code spark/target/lib/*} (kernel-lib,
 * its dependencies and Spark, with one SLF4J binding: Log4j 2, at WARN) instead of kernel-lib/target/lib.
 *
 * <p>Spark allows one session per JVM: {@link #session} returns the open one again when asked for the same master.
 * {@link #run} may be called from several threads at once for different jobs (Spark runs them side by side); one job
 * object runs in one call at a time, a second concurrent call with it is refused.
 */
public final class Spark implements AutoCloseable {
    /**
     * The JVM options Spark 4 needs on JDK 17 (Spark's own launcher list, {@code JavaModuleOptions}), one per line in
     * {@code spark/jvm-options.txt} for launch scripts. The executors get them too, plus
     * {@code --add-modules=jdk.incubator.vector} (kernel-lib's fast products).
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    /** What the executors' JVMs get besides {@link #JVM_OPTIONS}. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    static final String HOW_TO_START = "start the JVM with every line of spark/jvm-options.txt (Spark.JVM_OPTIONS), "
            + "e.g. java $(cat spark/jvm-options.txt) --add-modules=jdk.incubator.vector -cp 'spark/target/lib/*' ...; "
            + "a notebook kernel: bash scripts/launch.sh --spark";

    /** Environment variables the executors get from this JVM's environment when set here. */
    static final List<String> EXECUTOR_ENV = List.of("OPENBLAS_CORETYPE", "OMP_WAIT_POLICY");

    private static Spark open;
    private static final AtomicLong RUNS = new AtomicLong();

    private final String master;
    private final SparkContext context;
    private final Set<String> shipped;
    private final Set<BlockJob<?>> running = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean closed;

    private Spark(String master, SparkContext context, Set<String> shipped) {
        this.master = master;
        this.context = context;
        this.shipped = shipped;
    }

    /** A session on {@code LANDSCAPE_SPARK_MASTER} when that is set (e.g. spark://host:7077), else local[*]. */
    public static Spark session() {
        String env = System.getenv("LANDSCAPE_SPARK_MASTER");
        return session(env == null || env.isBlank() ? "local[*]" : env);
    }

    /**
     * A session on {@code master}: {@code local[*]}, {@code local[N]} (this JVM; a block that fails is tried again,
     * up to {@value Masters#LOCAL_TRIES} times, unless {@code local[N,F]} says otherwise), {@code spark://host:7077}
     * (a standalone cluster), or {@code k8s://...}/{@code yarn} when their Spark modules are on the classpath.
     */
    public static Spark session(String master) {
        return session(master, Map.of());
    }

    /**
     * A session with Spark settings of one's own (e.g. {@code spark.executor.memory}), applied last; {@code spark.*}
     * system properties are read too.
     *
     * <p>For a cluster master the driver ships {@code spark.jars}: the jars of this JVM's classpath and of the
     * directory holding kernel-lib's jar, except Spark's own, which the workers have (a class directory is packed
     * into a jar). Executors load every job's classes from them: the workers of a Spark install carry Spark only, not
     * kernel-lib or ND4J. {@code LANDSCAPE_SPARK_JARS} (comma-separated paths or URLs) replaces that list, e.g. for
     * jars already on the workers' disks (local:/...) or on HDFS. A job's class from a jar not in that list is
     * shipped when the job runs.
     *
     * @throws IllegalArgumentException for a master that is no Spark master URL
     * @throws IllegalStateException if this JVM lacks {@link #JVM_OPTIONS}, or a session on another master is open
     */
    public static synchronized Spark session(String master, Map<String, String> settings) {
        String m = Masters.normalize(master);
        Objects.requireNonNull(settings, "settings");
        List<String> missing = missingJvmOptions();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Spark 4 on JDK 17 needs JVM options this JVM was started without: "
                    + String.join(" ", missing) + "; " + HOW_TO_START);
        }
        if (open != null && !open.closed && !open.context.isStopped()) {
            if (open.master.equals(m) && settings.isEmpty()) {
                return open;
            }
            throw new IllegalStateException("a Spark session on " + open.master + " is open in this JVM and Spark "
                    + "allows one: close() it before opening one on " + m + (settings.isEmpty() ? "" : " with settings"));
        }
        SparkConf conf = new SparkConf();
        conf.setMaster(m);
        conf.setAppName(conf.get("spark.app.name", "landscape"));
        conf.set("spark.ui.showConsoleProgress", "false"); // the job's own progress bar shows it
        List<String> executorOptions = new ArrayList<>(JVM_OPTIONS);
        executorOptions.add(VECTOR_MODULE);
        String userOptions = conf.get("spark.executor.extraJavaOptions", "").strip();
        conf.set("spark.executor.extraJavaOptions",
                (String.join(" ", executorOptions) + " " + userOptions).strip());
        for (String var : EXECUTOR_ENV) {
            String value = System.getenv(var);
            if (value != null && !value.isBlank()) {
                conf.setExecutorEnv(var, value);
            }
        }
        Set<String> shipped = new LinkedHashSet<>();
        if (Masters.isLocal(m)) {
            // Work stays in this JVM: bind to the loopback address, whatever the machine's name resolves to.
            if (System.getenv("SPARK_LOCAL_IP") == null) {
                conf.setIfMissing("spark.driver.host", "127.0.0.1");
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            }
        } else {
            shipped.addAll(Shipping.jars());
            String user = conf.get("spark.jars", "").strip();
            if (!user.isEmpty()) {
                shipped.addAll(List.of(user.split(",")));
            }
            conf.set("spark.jars", String.join(",", shipped));
        }
        settings.forEach(conf::set);
        SparkContext context = new SparkContext(conf);
        context.setLogLevel("WARN");
        open = new Spark(m, context, shipped);
        return open;
    }

    /** The options of {@link #JVM_OPTIONS} that open a package this JVM has not opened: empty when all are there. */
    static List<String> missingJvmOptions() {
        List<String> missing = new ArrayList<>();
        Module self = Spark.class.getModule();
        for (String option : JVM_OPTIONS) {
            if (!option.startsWith("--add-opens=")) {
                continue; // the -D options matter on JDK 18+ only (or for speed): not required
            }
            String spec = option.substring("--add-opens=".length());
            String module = spec.substring(0, spec.indexOf('/'));
            String pkg = spec.substring(spec.indexOf('/') + 1, spec.indexOf('='));
            Optional<Module> m = ModuleLayer.boot().findModule(module);
            if (m.isPresent() && !m.get().isOpen(pkg, self)) {
                missing.add(option);
            }
        }
        return missing;
    }

    /**
     * Computes the blocks of {@code job} not yet done as Spark tasks, accepts each result on this thread as soon as
     * its task finishes, and returns {@code job.finish()}. Shows a progress bar (in a notebook, in place).
     *
     * <p>A block whose task fails is run again (Spark's {@code spark.task.maxFailures}: 4 by default, also for a
     * local master here); a block lost with an executor is run on another. If the calling thread is interrupted (a
     * notebook cell's interrupt), the Spark job is cancelled and a {@link CancellationException} says how many blocks
     * the job kept: running it again computes only the others.
     *
     * @throws IllegalArgumentException for a job an executor could not load (a lambda, a class from a notebook cell)
     * @throws IllegalStateException if the Spark job fails (its cause attached), the session is closed, or
     *                               {@code job} is already running in another call
     */
    public <R> R run(BlockJob<R> job) {
        Objects.requireNonNull(job, "job");
        Set<Path> classSources = Shipping.checkCompiled(job);
        if (closed || context.isStopped()) {
            throw new IllegalStateException("this Spark session (" + master + ") is closed: open one with Spark.session()");
        }
        synchronized (running) {
            if (!running.add(job)) {
                throw new IllegalStateException("this job is already running in another Spark.run call: "
                        + job.describe());
            }
        }
        try {
            if (!Masters.isLocal(master)) {
                ship(classSources);
            }
            runBlocks(job);
            return job.finish();
        } finally {
            synchronized (running) {
                running.remove(job);
            }
        }
    }

    /** Adds the jar of every class the job is made of that the executors do not have yet. */
    private void ship(Set<Path> classSources) {
        synchronized (shipped) {
            for (Path source : classSources) {
                Path jar = java.nio.file.Files.isDirectory(source) ? Shipping.packed(source) : source;
                String path = jar.toAbsolutePath().normalize().toString();
                if (Shipping.sparkJarNames().contains(jar.getFileName().toString()) || !shipped.add(path)) {
                    continue;
                }
                context.addJar(path);
            }
        }
    }

    private void runBlocks(BlockJob<?> job) {
        int total = job.blocks();
        List<Integer> todo = job.missing();
        if (todo.isEmpty()) {
            return;
        }
        String group = "landscape-" + RUNS.incrementAndGet();
        BlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            partitions.add(i);
        }
        SimpleFutureAction<BoxedUnit> action;
        context.setJobGroup(group, job.describe(), true);
        try {
            RDD<Integer> rdd = JavaSparkContext.fromSparkContext(context).parallelize(todo, todo.size()).rdd();
            action = context.submitJob(rdd, new BlockFunctions.Compute(job),
                    CollectionConverters.asScala(partitions).toSeq(), new BlockFunctions.Handler(queue),
                    new BlockFunctions.Nothing());
        } finally {
            context.clearJobGroup();
        }
        boolean interrupted = false;
        int remaining = todo.size();
        try {
            try (Progress progress = Progress.resume(job.describe(), total, total - todo.size())) {
                while (remaining > 0) {
                    Finished f;
                    try {
                        f = queue.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        break;
                    }
                    if (f == null) {
                        if (action.isCompleted()) {
                            remaining -= drain(job, todo, queue);
                            if (remaining > 0) {
                                throw failed(job, action);
                            }
                        }
                        continue;
                    }
                    job.accept(todo.get(f.partition()), f.bytes());
                    remaining--;
                    try {
                        progress.step();
                    } catch (CancellationException e) {
                        interrupted = true;
                        break;
                    }
                }
            }
        } catch (RuntimeException failure) {
            stopEarly(job, todo, queue, group, action);
            throw failure;
        }
        if (interrupted) {
            stopEarly(job, todo, queue, group, action);
            // The interruption is answered by the exception (as everywhere in the library): the flag stays cleared,
            // so the kernel's next cell does not stop at once.
            int done = done(job);
            throw new CancellationException(job.describe() + " interrupted: " + done + " of " + total
                    + " blocks are done and kept (running the same computation again computes only the other "
                    + (total - done) + "; the Spark job was cancelled)");
        }
    }

    /**
     * Leaving before every block arrived (an interrupt, a failed task or accept): cancels the tasks still running,
     * accepts what already arrived, and lets the job keep its finished blocks for the next run ({@code interrupted}).
     */
    private void stopEarly(BlockJob<?> job, List<Integer> todo, BlockingQueue<Finished> queue, String group,
                           SimpleFutureAction<BoxedUnit> action) {
        Thread.interrupted(); // so that cancelling and accepting are not themselves interrupted
        if (!action.isCompleted()) {
            context.cancelJobGroup(group);
        }
        try {
            drain(job, todo, queue);
        } finally {
            job.interrupted();
        }
    }

    /** Accepts every result already handed over; returns how many there were. */
    private static int drain(BlockJob<?> job, List<Integer> todo, BlockingQueue<Finished> queue) {
        int n = 0;
        for (Finished f; (f = queue.poll()) != null; n++) {
            job.accept(todo.get(f.partition()), f.bytes());
        }
        return n;
    }

    private static int done(BlockJob<?> job) {
        return job.blocks() - job.missing().size();
    }

    private static IllegalStateException failed(BlockJob<?> job, SimpleFutureAction<BoxedUnit> action) {
        Try<BoxedUnit> outcome = action.value().get();
        Throwable cause = outcome.isFailure() ? outcome.failed().get() : null;
        int done = done(job);
        return new IllegalStateException(job.describe() + ": the Spark job failed"
                + (cause == null ? "" : " (" + firstLine(cause) + ")") + "; " + done + " of " + job.blocks()
                + " blocks are done and kept by the job, so running it again computes only the other "
                + (job.blocks() - done), cause);
    }

    private static String firstLine(Throwable t) {
        String s = String.valueOf(t.getMessage());
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The master Spark was given, e.g. {@code local[2,4]} for local[2] (4 tries per task) or spark://host:7077. */
    public String master() {
        return master;
    }

    /** The underlying SparkContext, for settings this class does not cover (its lifetime is this session's). */
    public SparkContext context() {
        return context;
    }

    /** The jars shipped to the executors (empty for a local master). */
    public List<String> jars() {
        synchronized (shipped) {
            return List.copyOf(shipped);
        }
    }

    /** Stops Spark (its executors too); a later {@link #session} opens a new one. */
    @Override
    public void close() {
        synchronized (Spark.class) {
            if (!closed) {
                closed = true;
                context.stop();
                if (open == this) {
                    open = null;
                }
            }
        }
    }

    /** E.g. {@code Spark 4.0.1 on spark://127.0.0.1:7077: 2 executors, 2 cores, 63 jars shipped}. */
    @Override
    public String toString() {
        if (closed || context.isStopped()) {
            return String.format(Locale.ROOT, "Spark %s on %s: closed", context.version(), master);
        }
        int executors = Math.max(0, context.getExecutorMemoryStatus().size() - (Masters.isLocal(master) ? 0 : 1));
        return String.format(Locale.ROOT, "Spark %s on %s: %d executor%s, %d cores, %d jars shipped", context.version(),
                master, executors, executors == 1 ? "" : "s", context.defaultParallelism(), jars().size());
    }
}
