package org.landscape.display;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;

/**
 * A progress bar for long loops: {@code done/total}, rate and time left, updated in place in a notebook and as
 * occasional text lines elsewhere. Updates happen inside {@link #step()}, on the thread that runs the cell
 * (kernels attach a cell's output to that thread). {@link #step()} also notices an interrupted cell and stops the
 * loop with a {@link CancellationException}; whatever the caller stored before that is kept.
 *
 * <pre>{@code
 * try (Progress progress = Progress.start("grid", points)) {
 *     for (...) { ...; progress.step(); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    /** Minimum time between two in-place updates: the notebook front end need not redraw faster. */
    static final long NOTEBOOK_INTERVAL_NANOS = 250_000_000L;
    /** A bar appears only once work has taken this long, so quick loops leave no clutter. */
    static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    /** Minimum time between two text lines outside a notebook. */
    static final long CONSOLE_INTERVAL_NANOS = 10_000_000_000L;
    /**
     * Longer labels are shortened in the middle (their start says what runs, their end often which size), so bar,
     * label and figures stay on one line of a notebook's output area.
     */
    static final int MAX_LABEL = 54;

    private final String label;
    private final long total;
    private final DisplaySink sink;
    private final LongSupplier clock;
    private final long startNanos;
    private long done;
    private long lastShownNanos;
    private String displayId;
    private boolean closed;
    /** Whether the caller keeps its finished steps for a later call (made by {@link #resume}): the message says so. */
    private final boolean resumable;

    Progress(String label, long total, long alreadyDone, DisplaySink sink, LongSupplier clock) {
        this(label, total, alreadyDone, sink, clock, true);
    }

    Progress(String label, long total, long alreadyDone, DisplaySink sink, LongSupplier clock, boolean resumable) {
        this.resumable = resumable;
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, got " + total);
        }
        this.label = shorten(label);
        this.total = total;
        this.sink = sink;
        this.clock = clock;
        this.done = Math.min(alreadyDone, total);
        this.startNanos = clock.getAsLong();
        this.lastShownNanos = startNanos;
    }

    /**
     * Starts a bar for {@code total} steps, shown where {@link Display} sends output, for work that keeps nothing
     * when interrupted: the interruption says that running again starts over.
     */
    public static Progress start(String label, long total) {
        return new Progress(label, total, 0, Display.sink(), System::nanoTime, false);
    }

    /**
     * Starts a bar for work that keeps its finished steps when interrupted and continues from them when called again
     * (of which {@code alreadyDone} were finished before): the interruption says that running again resumes.
     */
    public static Progress resume(String label, long total, long alreadyDone) {
        return new Progress(label, total, alreadyDone, Display.sink(), System::nanoTime, true);
    }

    /**
     * A bar that is never shown but still answers an interruption like the others: for work that runs as one task of
     * a scheduler (e.g. a block on a Spark executor, which in local mode shares the notebook's display), whose own
     * bar the scheduler shows.
     */
    public static Progress hidden(String label, long total, long alreadyDone) {
        return new Progress(label, total, alreadyDone, HIDDEN, System::nanoTime, true);
    }

    private static final DisplaySink HIDDEN = new DisplaySink() {
        @Override
        public String display(MimeBundle bundle) {
            return "hidden";
        }

        @Override
        public void update(String id, MimeBundle bundle) {
        }

        @Override
        public boolean updatesInPlace() {
            return false;
        }

        @Override
        public String name() {
            return "hidden";
        }
    };

    /**
     * One step done (call it after the step's result is stored). Throws {@link CancellationException} if the cell
     * was interrupted; the message counts this step among the finished ones.
     */
    public void step() {
        step(1);
    }

    public void step(long steps) {
        done = Math.min(total, done + steps);
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(label + " interrupted after " + done + " of " + total + " steps; "
                    + (resumable ? "finished work is kept, so running again resumes"
                    : "nothing is kept, so running again starts over"));
        }
        long now = clock.getAsLong();
        long interval = sink.updatesInPlace() ? NOTEBOOK_INTERVAL_NANOS : CONSOLE_INTERVAL_NANOS;
        // The last state is shown once, by close(), with the total time.
        boolean due = done < total && (displayId == null ? now - startNanos >= SHOW_AFTER_NANOS : now - lastShownNanos >= interval);
        if (due) {
            lastShownNanos = now;
            show();
        }
    }

    public long done() {
        return done;
    }

    public long total() {
        return total;
    }

    /** The text the bar shows, short enough for one line, e.g. {@code grid 40/100 40% 12/s 5s left}. */
    public String text() {
        double seconds = (clock.getAsLong() - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String left = done >= total ? "done in " + duration(seconds)
                : rate > 0 ? duration((total - done) / rate) + " left" : "starting";
        return String.format(Locale.ROOT, "%s %d/%d %.0f%% %s %s", label, done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rate(rate), left);
    }

    MimeBundle bundle() {
        String html = String.format(Locale.ROOT, "<div style=\"font-family:monospace;white-space:nowrap;overflow:hidden;"
                        + "text-overflow:ellipsis\"><progress value=\"%d\" max=\"%d\" style=\"width:8em;vertical-align:middle\">"
                        + "</progress> %s</div>", done, Math.max(total, 1), Renderings.escape(text()));
        return MimeBundle.html(html, text());
    }

    static String shorten(String label) {
        String s = label == null ? "" : label.strip();
        if (s.length() <= MAX_LABEL) {
            return s;
        }
        int tail = (MAX_LABEL - 1) * 2 / 5;
        return s.substring(0, MAX_LABEL - 1 - tail).stripTrailing() + "\u2026" + s.substring(s.length() - tail).stripLeading();
    }

    private void show() {
        if (displayId == null) {
            displayId = sink.display(bundle());
        } else {
            sink.update(displayId, bundle());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (displayId != null) { // a bar that never appeared stays hidden
                show();
            }
        }
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.0fs", seconds);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", (long) seconds / 60, (long) seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", (long) seconds / 3600, ((long) seconds % 3600) / 60);
    }

    /** 120/s, 2.5/s, or 8s/step when a step takes longer than a second. */
    static String rate(double perSecond) {
        if (perSecond <= 0) {
            return "-/s";
        }
        if (perSecond < 1) {
            return duration(1 / perSecond) + "/step";
        }
        return (perSecond >= 10 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond)) + "/s";
    }
}
