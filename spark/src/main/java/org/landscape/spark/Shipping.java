package org.landscape.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.landscape.util.BlockJob;

/** What a driver ships to a cluster's executors, and the check that a job is made of classes that can be shipped. */
final class Shipping {
    /** The resource (written by the module's build) that names Spark's own jars, which executors already have. */
    static final String SPARK_JAR_NAMES = "spark-jars.txt";

    /** Class directories already packed into a jar (e.g. target/test-classes), by directory. */
    private static final Map<Path, Path> PACKED = new HashMap<>();

    private Shipping() {
    }

    /**
     * The jars given to {@code spark.jars}: {@code LANDSCAPE_SPARK_JARS} (comma-separated) when set; else every jar
     * of this JVM's classpath and of the directory holding kernel-lib's jar, plus kernel-lib's and this module's
     * own jar (a class directory is packed into a temporary jar), except Spark's own jars by file name.
     */
    static List<String> jars() {
        String env = System.getenv("LANDSCAPE_SPARK_JARS");
        if (env != null && !env.isBlank()) {
            List<String> out = new ArrayList<>();
            for (String j : env.split(",")) {
                if (!j.isBlank()) {
                    out.add(j.strip());
                }
            }
            return out;
        }
        Set<String> spark = sparkJarNames();
        Set<Path> candidates = new LinkedHashSet<>();
        candidates.add(location(BlockJob.class));
        candidates.add(location(Spark.class));
        Path kernelLib = codeSource(BlockJob.class);
        if (kernelLib != null && Files.isRegularFile(kernelLib) && kernelLib.getParent() != null
                && !isMavenRepository(kernelLib)) {
            try (Stream<Path> s = Files.list(kernelLib.getParent())) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + kernelLib.getParent(), e);
            }
        }
        candidates.addAll(classPath());
        List<String> out = new ArrayList<>();
        for (Path p : candidates) {
            String name = p.getFileName().toString();
            if (spark.contains(name) || isJdk(p)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                out.add(packed(p).toString());
            } else if (Files.isRegularFile(p) && name.endsWith(".jar")) {
                out.add(p.toAbsolutePath().normalize().toString());
            }
        }
        return out;
    }

    /** The shippable jar holding {@code c}: its jar, or its class directory packed into a jar; never null. */
    static Path location(Class<?> c) {
        Path p = codeSource(c);
        if (p == null) {
            throw new IllegalStateException(c.getName() + " was not loaded from a jar or a class directory");
        }
        return Files.isDirectory(p) ? packed(p) : p;
    }

    /** The jar file or class directory {@code c} was loaded from, or null (a REPL's or generated class). */
    static Path codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            Path p = Paths.get(url.toURI());
            return Files.exists(p) ? p : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Refuses, before any Spark work, a job that an executor could not load: a lambda, a synthetic class, or a class
     * defined in a notebook cell or JShell (it has no jar or class directory to ship), also among the objects the
     * job holds (found by serialising it once here, which also reports a field that is not serialisable).
     */
    static Set<Path> checkCompiled(BlockJob<?> job) {
        Set<Path> sources = new LinkedHashSet<>();
        checkClass(job.getClass(), "the job", sources);
        try (ObjectOutputStream out = new ClassCheckingStream(sources)) {
            out.writeObject(job);
            out.flush();
            return sources;
        } catch (java.io.NotSerializableException e) {
            throw new IllegalArgumentException(job.getClass().getName() + " cannot be sent to Spark's executors: it "
                    + "holds a " + e.getMessage() + ", which is not Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(job.getClass().getName() + " cannot be serialised for Spark's executors: "
                    + e, e);
        }
    }

    private static void checkClass(Class<?> c, String what, Set<Path> sources) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return;
        }
        String name = c.getName();
        String fix = "; work runs as compiled classes only (kernel-lib's jobs, or a class in a jar or class directory "
                + "on the classpath), since an executor loads it from the jars the driver ships";
        if (c.isSynthetic() || name.contains("$$Lambda") || name.contains("$Lambda$") || c.isHidden()) {
            throw new IllegalArgumentException(what + " " + name + " is a lambda or generated class" + fix);
        }
        if (c.getClassLoader() == null || isJdkModule(c)) {
            return; // the JDK's classes: every executor has them
        }
        Path source = codeSource(c);
        if (source != null) {
            sources.add(source);
        } else {
            throw new IllegalArgumentException(what + " " + name + " was not loaded from a jar or a class directory "
                    + "(e.g. it was defined in a notebook cell or JShell)" + fix);
        }
    }

    private static boolean isJdkModule(Class<?> c) {
        Module m = c.getModule();
        return m.isNamed() && m.getLayer() == ModuleLayer.boot()
                && (m.getName().startsWith("java.") || m.getName().startsWith("jdk."));
    }

    /** Serialises to nowhere, checking each class written and each lambda met. */
    private static final class ClassCheckingStream extends ObjectOutputStream {
        private final Set<Path> sources;

        ClassCheckingStream(Set<Path> sources) throws IOException {
            super(OutputStream.nullOutputStream());
            this.sources = sources;
            enableReplaceObject(true);
        }

        @Override
        protected void annotateClass(Class<?> cl) {
            checkClass(cl, "class", sources);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj instanceof SerializedLambda lambda) {
                throw new IllegalArgumentException("the job holds a lambda (" + lambda.getImplClass().replace('/', '.')
                        + "::" + lambda.getImplMethodName() + "); work runs as compiled classes only, since an "
                        + "executor loads it from the jars the driver ships: use a named class");
            }
            return obj;
        }
    }

    static Set<String> sparkJarNames() {
        Set<String> names = new HashSet<>();
        try (InputStream in = Shipping.class.getResourceAsStream(SPARK_JAR_NAMES)) {
            if (in == null) {
                throw new IllegalStateException(SPARK_JAR_NAMES + " is missing from kernel-lib-spark's jar: "
                        + "rebuild it with mvn -Pspark install");
            }
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("[,:;\\s]+")) {
                if (!entry.isBlank()) {
                    names.add(Paths.get(entry.strip()).getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** java.class.path's entries (wildcards expanded, a manifest-only jar's Class-Path followed). */
    static List<Path> classPath() {
        List<Path> out = new ArrayList<>();
        String cp = System.getProperty("java.class.path", "");
        for (String e : cp.split(File.pathSeparator)) {
            if (e.isBlank()) {
                continue;
            }
            if (e.endsWith("*")) {
                Path dir = Paths.get(e.substring(0, e.length() - 1).isEmpty() ? "." : e.substring(0, e.length() - 1));
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> s = Files.list(dir)) {
                        s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
                continue;
            }
            Path p = Paths.get(e).toAbsolutePath().normalize();
            out.add(p);
            out.addAll(manifestClassPath(p));
        }
        return out;
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return out;
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String e : cp.trim().split("\\s+")) {
                    try {
                        URL u = new URL(jar.toUri().toURL(), e);
                        if ("file".equals(u.getProtocol())) {
                            out.add(Paths.get(u.toURI()));
                        }
                    } catch (IOException | URISyntaxException | IllegalArgumentException ignored) {
                        // an entry that is no file: nothing to ship
                    }
                }
            }
        } catch (IOException ignored) {
            // not a readable jar: shipped as it is, or not at all
        }
        return out;
    }

    private static boolean isJdk(Path p) {
        String home = System.getProperty("java.home");
        return home != null && p.toAbsolutePath().startsWith(Paths.get(home));
    }

    private static boolean isMavenRepository(Path jar) {
        // kernel-lib's jar in ~/.m2 (a build of this module alone): its directory holds no dependencies, and
        // this JVM's classpath lists them.
        return jar.toString().contains(File.separator + "repository" + File.separator + "org" + File.separator
                + "landscape" + File.separator);
    }

    /** A class directory packed into a temporary jar (once per directory and JVM; removed when the JVM exits). */
    static synchronized Path packed(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        Path jar = PACKED.get(key);
        if (jar != null) {
            return jar;
        }
        try {
            Path tmpDir = Files.createTempDirectory("landscape-spark-");
            tmpDir.toFile().deleteOnExit();
            String base = key.getParent() != null && key.getParent().getFileName() != null
                    ? key.getParent().getFileName() + "-" + key.getFileName() : key.getFileName().toString();
            jar = tmpDir.resolve(base.replaceAll("[^A-Za-z0-9._-]", "_") + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest());
                 Stream<Path> files = Files.walk(key)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    String entry = key.relativize(f).toString().replace(File.separatorChar, '/');
                    if (entry.equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            jar.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack class directory " + key + " into a jar for Spark", e);
        }
        PACKED.put(key, jar);
        return jar;
    }
}
