package org.landscape.display;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.landscape.plot.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class DisplayTest {

    /** Records what a kernel would be sent. */
    static final class RecordingSink implements DisplaySink {
        final List<String> events = new ArrayList<>();

        @Override
        public String display(MimeBundle bundle) {
            events.add("display " + bundle.get(MimeBundle.TEXT));
            return "id1";
        }

        @Override
        public void update(String id, MimeBundle bundle) {
            events.add("update " + id + " " + bundle.get(MimeBundle.TEXT));
        }

        @Override
        public boolean updatesInPlace() {
            return true;
        }

        @Override
        public String name() {
            return "recording";
        }
    }

    @Test
    void progressAppearsAfterASecondThenUpdatesAtMostEveryQuarterSecond() {
        RecordingSink sink = new RecordingSink();
        long[] now = {0};
        Progress p = new Progress("grid", 300, 0, sink, () -> now[0]);
        for (int i = 0; i < 150; i++) {
            now[0] += 10_000_000L; // 10 ms a step
            p.step();
        }
        // Nothing for the first second (100 steps), then a display, then an update every 25 steps (250 ms).
        assertEquals(3, sink.events.size(), sink.events.toString());
        assertTrue(sink.events.get(0).startsWith("display grid 100/300 33% 100/s 2s left"), sink.events.get(0));
        assertTrue(sink.events.get(2).startsWith("update id1 grid 150/300 50%"), sink.events.get(2));
        for (int i = 0; i < 150; i++) {
            now[0] += 10_000_000L;
            p.step();
        }
        p.close();
        String last = sink.events.get(sink.events.size() - 1);
        assertTrue(last.contains("300/300 100%") && last.contains("done in 3s"), last);
        assertEquals(1, sink.events.stream().filter(e -> e.contains("300/300")).count(),
                "the last state is shown once: " + sink.events);
        RecordingSink quiet = new RecordingSink();
        Progress quick = new Progress("quick", 5, 0, quiet, () -> 0L);
        for (int i = 0; i < 5; i++) {
            quick.step();
        }
        quick.close();
        assertTrue(quiet.events.isEmpty(), "a loop done within a second shows no bar: " + quiet.events);
    }

    @Test
    void anInterruptedCellStopsTheLoop() {
        Progress p = new Progress("ensemble", 10, 4, new RecordingSink(), System::nanoTime);
        Thread.currentThread().interrupt();
        try {
            CancellationException e = assertThrows(CancellationException.class, p::step);
            assertTrue(e.getMessage().contains("after 5 of 10"), "the step just stored counts: " + e.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aHiddenBarShowsNothingYetAnswersAnInterruption() throws InterruptedException {
        DisplaySink before = Display.sink();
        RecordingSink sink = new RecordingSink();
        Display.attach(sink);
        try (Progress shown = Progress.resume("shown", 3, 0); Progress hidden = Progress.hidden("hidden", 3, 0)) {
            Thread.sleep(Progress.SHOW_AFTER_NANOS / 1_000_000 + 100);
            shown.step();
            hidden.step();
            assertEquals(1, sink.events.size(), "only the ordinary bar appeared: " + sink.events);
            Thread.currentThread().interrupt();
            assertThrows(CancellationException.class, hidden::step);
        } finally {
            Thread.interrupted();
            Display.attach(before);
        }
        assertTrue(sink.events.stream().noneMatch(e -> e.contains("hidden")), sink.events.toString());
    }

    @Test
    void progressStaysOnOneShortLine() {
        RecordingSink sink = new RecordingSink();
        long[] now = {0};
        Progress p = new Progress("critical points, lambda=250: starts from random points on the sphere", 2000, 0, sink,
                () -> now[0]);
        now[0] = 1_500_000_000L;
        p.step();
        String line = p.text();
        assertTrue(line.startsWith("critical points, lambda=250: sta\u2026points on the sphere 1/2000 0% "), line);
        assertTrue(line.contains(" 1.5s/step ") || line.contains(" 2s/step "), line);
        assertTrue(line.length() <= 90, line.length() + " characters: " + line);
        String html = p.bundle().get(MimeBundle.HTML);
        assertTrue(html.contains("white-space:nowrap") && html.contains("width:8em"), html);
        assertEquals("descent on the 3-spin glass, lambda=200: walkers done",
                Progress.shorten("descent on the 3-spin glass, lambda=200: walkers done"), "a 53-character label is kept");
        assertEquals("2.5/s", Progress.rate(2.5));
        assertEquals("120/s", Progress.rate(120.4));
        assertEquals("4s/step", Progress.rate(0.25));
    }

    @Test
    void onConsoleTheLastLineIsPrintedOnce() {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        ConsoleSink console = new ConsoleSink(new java.io.PrintStream(text), java.nio.file.Path.of("target/console-sink"));
        long[] now = {0};
        try (Progress p = new Progress("grid", 30, 0, console, () -> now[0])) {
            for (int i = 0; i < 30; i++) {
                now[0] += 1_000_000_000L;
                p.step();
            }
        }
        String[] lines = text.toString().strip().split("\n");
        assertEquals(4, lines.length, text.toString());   // after 1 s, 11 s, 21 s, and the end once
        assertTrue(lines[3].contains("30/30 100%") && lines[3].contains("done in 30s"), lines[3]);
    }

    @Test
    void tablesRoundDecimalsScrollWhenWideAndTextKeepsItsLines() {
        Table t = Table.create("wide", DoubleColumn.create("accuracy", new double[]{0.8106666666666666, 3.0, 1.23456e-7}),
                DoubleColumn.create("count", new double[]{12345.678, 2e7, Double.NaN}));
        for (int k = 0; k < 15; k++) {
            t.addColumns(DoubleColumn.create("a rather long column name " + k, new double[]{k, k, k}));
        }
        String html = Renderings.of(t).get(MimeBundle.HTML);
        assertTrue(html.contains("title=\"0.8106666666666666\">0.8107</td>"), html);
        assertTrue(html.contains(">3</td>") && html.contains(">1.235e-07</td>") && html.contains(">12346</td>")
                && html.contains(">2e+07</td>"), html);
        assertTrue(html.startsWith("<div style=\"max-width:100%;overflow-x:auto\">"), html);
        assertTrue(html.contains("max-width:8em;white-space:normal"), "headers wrap instead of widening the table");
        assertEquals("0.8107", Renderings.number(0.8106666666666666));
        assertEquals("-0.0012", Renderings.number(-0.0012));
        assertEquals("1.5e-05", Renderings.number(1.5e-5));
        assertEquals("2.346e+06", Renderings.number(2345678.9));

        MimeBundle multi = Renderings.of("lambda 25: 100 minima\nlambda 50: 98 minima\n");
        assertTrue(multi.get(MimeBundle.HTML).contains("<pre") && multi.get(MimeBundle.HTML).contains("minima\nlambda 50"),
                multi.get(MimeBundle.HTML));
        assertTrue(!Renderings.of("one line").has(MimeBundle.HTML), "a one-line string stays plain text");
        assertTrue(Renderings.supports("x"));
    }

    @Test
    void detectingKeepsAKernelSinkAnExtensionAttached() {
        RecordingSink kernel = new RecordingSink();
        try {
            Display.attach(kernel);
            assertEquals(kernel, Display.detect(), "no probe finds a kernel in a test, so the attached sink stays");
        } finally {
            Display.attach(ConsoleSink.fromEnvironment());
        }
        assertEquals("console", Display.detect().name());
    }

    @Test
    void chartsBecomeSharpPngsAndTablesTruncatedHtml() {
        XYChart chart = Plots.line("t", "x", "y", "s", new double[]{0, 1, 2}, new double[]{1, 0, 1});
        MimeBundle b = Renderings.of(chart);
        byte[] png = Base64.getDecoder().decode(b.get(MimeBundle.PNG));
        assertEquals((byte) 0x89, png[0]);
        assertEquals(chart.getWidth(), b.metadata().get(MimeBundle.PNG).get("width"));
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Table t = Table.create("numbers", DoubleColumn.create("i", v));
        String html = Renderings.of(t).get(MimeBundle.HTML);
        assertTrue(html.contains("80 more rows") && html.contains("100 rows &times; 1 columns"), html);
        assertTrue(html.contains(">99<") && !html.contains(">50<"), "head and tail shown, middle elided");
    }

    @Test
    void outsideAKernelPicturesGoToFiles() {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        java.nio.file.Path dir = java.nio.file.Path.of("target/console-sink");
        ConsoleSink sink = new ConsoleSink(new java.io.PrintStream(text), dir);
        sink.display(Renderings.of(Plots.line("t", "x", "y", "s", new double[]{0, 1}, new double[]{1, 2})));
        assertTrue(text.toString().contains("saved target/console-sink/001.png"), text.toString());
        assertTrue(dir.resolve("001.png").toFile().length() > 1000);
    }
}
