package org.landscape.display;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outside a kernel: pictures are saved as PNG files (in {@code LANDSCAPE_OUTPUT_DIR}, default
 * {@code landscape-output}) and everything else is printed as its one-line summary.
 */
final class ConsoleSink implements DisplaySink {
    private final AtomicInteger counter = new AtomicInteger();
    private final PrintStream out;
    private final Path directory;

    ConsoleSink(PrintStream out, Path directory) {
        this.out = out;
        this.directory = directory;
    }

    static ConsoleSink fromEnvironment() {
        String dir = System.getProperty("LANDSCAPE_OUTPUT_DIR", System.getenv("LANDSCAPE_OUTPUT_DIR"));
        return new ConsoleSink(System.out, Path.of(dir == null || dir.isBlank() ? "landscape-output" : dir));
    }

    @Override
    public String display(MimeBundle bundle) {
        String id = "output-" + counter.incrementAndGet();
        String text = bundle.get(MimeBundle.TEXT);
        if (bundle.image() != null) {
            Path file = directory.resolve(String.format("%03d.png", counter.get()));
            try {
                Files.createDirectories(directory);
                Files.write(file, MimeBundle.pngBytes(bundle.image()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not save the picture to " + file
                        + "; set LANDSCAPE_OUTPUT_DIR to a writable directory", e);
            }
            text = text + "  [saved " + file + "]";
        }
        out.println(text);
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        out.println(bundle.get(MimeBundle.TEXT));
    }

    @Override
    public boolean updatesInPlace() {
        return false;
    }

    @Override
    public String name() {
        return "console";
    }
}
