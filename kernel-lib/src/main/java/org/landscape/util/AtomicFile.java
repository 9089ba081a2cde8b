package org.landscape.util;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The library's one way to write a file: streamed to a temporary file beside the target, forced to disk, then renamed
 * over the target, so that a kill or a power cut at any moment leaves the previous file or the new one, never a
 * mixture, and a file larger than the heap can be written. {@link SavedFile} and the result files use it.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes the file's bytes to a buffered stream (flushed and closed by {@link #write}). */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code file} atomically; creates its directory; a failure leaves the previous file and no temporary. */
    public static void write(Path file, Body body) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            // A FileOutputStream, not a FileChannel: channels close when the thread is interrupted, and a notebook
            // saves its state exactly when its cell was interrupted.
            try (FileOutputStream raw = new FileOutputStream(tmp.toFile())) {
                BufferedOutputStream out = new BufferedOutputStream(raw, 1 << 16);
                body.write(out);
                out.flush();
                raw.getFD().sync(); // on disk before the rename makes it the file
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically: save to a local disk", e);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is left behind; it never replaces the target
                }
            }
        }
    }
}
