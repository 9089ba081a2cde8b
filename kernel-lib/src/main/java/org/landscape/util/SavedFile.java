package org.landscape.util;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The library's one format for saved work (checkpoints, finished runs): a file that knows what made it and can tell
 * when it is damaged.
 *
 * <p>Layout: the magic {@code LANDSCAPE-SAVED\n}, a format version, the {@link Fingerprint} of the job that wrote it,
 * the payload (written by the caller through a {@link DataOutputStream}, streamed), then a trailer with the payload's
 * length and a CRC-32C of everything before the trailer, and an end mark. It is written to a temporary file beside
 * the target, forced to disk and renamed over the target, so that a kill at any moment leaves either the old file or
 * the new one, never a mixture.
 *
 * <p>{@link #read} checks the whole file before handing the payload over: a missing, truncated, corrupt or foreign
 * file (another job's fingerprint) raises {@link Unusable} saying which and why, so the caller recomputes instead of
 * using it.
 */
public final class SavedFile {
    private static final byte[] MAGIC = "LANDSCAPE-SAVED\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "END.".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int TRAILER = 8 + 8 + END.length; // payload length, CRC, end mark
    private static final int MAX_DESCRIPTION = 1 << 20;

    private SavedFile() {
    }

    /** Writes the payload. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads the payload back; may throw {@link IOException} (e.g. an {@link EOFException}), reported as corrupt. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** Why a saved file cannot be used. */
    public enum Problem {
        MISSING, CORRUPT, FOREIGN
    }

    /** A saved file that must not be used: missing, damaged, or written by a different job. */
    public static final class Unusable extends Exception {
        private final Problem problem;
        private final Path file;

        Unusable(Problem problem, Path file, String message, Throwable cause) {
            super(file + ": " + message, cause);
            this.problem = problem;
            this.file = file;
        }

        public Problem problem() {
            return problem;
        }

        public Path file() {
            return file;
        }
    }

    /**
     * Moves a damaged saved file aside, to {@code <name>.corrupt} beside it (replacing an older one), so that the job
     * can start over without destroying what may still be inspected; returns where it went.
     */
    public static Path moveAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        try {
            Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
            throw new java.io.UncheckedIOException("could not move the damaged checkpoint " + file + " aside", moveFailed);
        }
        return aside;
    }

    /** Writes {@code file} atomically with its fingerprint and checksum; creates its directory. */
    public static void write(Path file, Fingerprint fingerprint, Writer payload) {
        Path target = file.toAbsolutePath();
        AtomicFile.write(target, raw -> {
            CRC32C crc = new CRC32C();
            CountingStream counted = new CountingStream(raw);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(counted, crc));
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] description = fingerprint.description().getBytes(StandardCharsets.UTF_8);
            out.writeInt(description.length);
            out.write(description);
            long payloadStart = counted.count; // exact: nothing buffers between the DataOutputStream and the count
            payload.write(out);
            out.flush();
            long payloadLength = counted.count - payloadStart;
            DataOutputStream trailer = new DataOutputStream(counted); // the trailer is not in the checksum
            trailer.writeLong(payloadLength);
            trailer.writeLong(crc.getValue());
            trailer.write(END);
            trailer.flush();
        });
    }

    /** The fingerprint stored in {@code file}, after checking the whole file. */
    public static Fingerprint fingerprint(Path file) throws Unusable {
        return check(file.toAbsolutePath()).fingerprint;
    }

    /**
     * Reads {@code file}: checks its magic, length, checksum and end mark, compares its fingerprint with
     * {@code expected}, then hands the payload to {@code payload}, which must read all of it.
     */
    public static <T> T read(Path file, Fingerprint expected, Reader<T> payload) throws Unusable {
        Path path = file.toAbsolutePath();
        Checked c = check(path);
        if (!c.fingerprint.equals(expected)) {
            throw new Unusable(Problem.FOREIGN, path, "saved by a different job (" + String.join("; ",
                    c.fingerprint.differences(expected)) + "): it is not used; move it away or use another directory to keep it",
                    null);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(path.toFile()), 1 << 16))) {
            in.skipNBytes(c.payloadStart);
            CountingInput counted = new CountingInput(in, c.payloadLength);
            T value = payload.read(new DataInputStream(counted));
            if (counted.count != c.payloadLength) {
                throw new Unusable(Problem.CORRUPT, path, "its payload has " + c.payloadLength + " bytes but only "
                        + counted.count + " were read: written by another version of the library?", null);
            }
            return value;
        } catch (EOFException e) {
            throw new Unusable(Problem.CORRUPT, path, "its payload ends early", e);
        } catch (IOException | RuntimeException e) {
            throw new Unusable(Problem.CORRUPT, path, "its payload cannot be read: " + e, e);
        }
    }

    private record Checked(Fingerprint fingerprint, long payloadStart, long payloadLength) {
    }

    private static Checked check(Path path) throws Unusable {
        if (!Files.isRegularFile(path)) {
            throw new Unusable(Problem.MISSING, path, "no such file", null);
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new Unusable(Problem.MISSING, path, "cannot be read: " + e.getMessage(), e);
        }
        try (InputStream raw = new BufferedInputStream(new FileInputStream(path.toFile()), 1 << 16)) {
            CRC32C crc = new CRC32C();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, Arrays.copyOf(MAGIC, magic.length)) || magic.length == 0) {
                throw new Unusable(Problem.CORRUPT, path, "not a saved file of this library (wrong first bytes)", null);
            }
            if (size < MAGIC.length + 8 + TRAILER) {
                throw new Unusable(Problem.CORRUPT, path, "only " + size + " bytes: truncated", null);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new Unusable(Problem.CORRUPT, path, "format version " + version + ", this library reads " + VERSION, null);
            }
            int length = in.readInt();
            if (length < 0 || length > MAX_DESCRIPTION) {
                throw new Unusable(Problem.CORRUPT, path, "damaged header (fingerprint length " + length + ")", null);
            }
            if (MAGIC.length + 8L + length + TRAILER > size) { // say "truncated", the likely cause, not just "damaged"
                throw new Unusable(Problem.CORRUPT, path, "truncated: only " + size + " bytes, shorter than its own header "
                        + "says", null);
            }
            String description = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            long payloadStart = MAGIC.length + 8L + length;
            long payloadLength = size - payloadStart - TRAILER;
            in.skipNBytes(payloadLength); // through the checksum
            long sum = crc.getValue();
            DataInputStream trailer = new DataInputStream(raw);
            long savedLength = trailer.readLong();
            long savedSum = trailer.readLong();
            byte[] end = trailer.readNBytes(END.length);
            if (!Arrays.equals(end, END) || savedLength != payloadLength) {
                throw new Unusable(Problem.CORRUPT, path, "truncated or damaged (the end mark or the length does not match)", null);
            }
            if (savedSum != sum) {
                throw new Unusable(Problem.CORRUPT, path, "damaged: its checksum does not match its contents", null);
            }
            Fingerprint fingerprint;
            try {
                fingerprint = Fingerprint.parse(description);
            } catch (IllegalArgumentException e) {
                throw new Unusable(Problem.CORRUPT, path, "damaged fingerprint: " + e.getMessage(), e);
            }
            return new Checked(fingerprint, payloadStart, payloadLength);
        } catch (EOFException e) {
            throw new Unusable(Problem.CORRUPT, path, "truncated", e);
        } catch (IOException e) {
            throw new Unusable(Problem.CORRUPT, path, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Reads at most {@code limit} bytes (the payload), so a reader cannot run into the trailer. */
    private static final class CountingInput extends java.io.FilterInputStream {
        final long limit;
        long count;

        CountingInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (count >= limit) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= limit) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, limit - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(Math.min(n, limit - count));
            count += s;
            return s;
        }
    }
}
