package org.landscape.slice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.plot.ReadBack;

/**
 * A projection read back: it keeps of its plane only the axis names, so every method answers as before (nothing to
 * refuse), and a damaged file is refused naming its line.
 */
class ProjectionTest {
    @TempDir
    Path dir;

    /** Points around a plane in R^5 (off it by noise), projected onto it. */
    private static Projection projection() {
        Random random = new Random(3);
        double[] mu = new double[5], d1 = new double[5], d2 = new double[5];
        for (int i = 0; i < 5; i++) {
            mu[i] = random.nextGaussian();
            d1[i] = random.nextGaussian();
            d2[i] = random.nextGaussian();
        }
        Plane plane = new Plane(mu, d1, d2, "alpha, along d1", "beta");
        double[][] points = new double[9][];
        for (int p = 0; p < points.length; p++) {
            points[p] = plane.point(Math.sin(p), 0.1 * p * p);
            for (int i = 0; i < 5; i++) {
                points[p][i] += 1e-3 * random.nextGaussian();
            }
        }
        return plane.project(points);
    }

    @Test
    void readBackEveryMethodAnswersAsBefore() {
        Projection p = projection();
        Path file = dir.resolve("p.csv");
        p.write(file);
        Projection back = Projection.read(file);
        assertArrayEquals(p.x(), back.x());
        assertArrayEquals(p.y(), back.y());
        assertArrayEquals(p.distances(), back.distances());
        assertArrayEquals(p.end(), back.end());
        assertEquals(p.size(), back.size());
        assertEquals(p.xAxis(1.2, 11).name(), back.xAxis(1.2, 11).name());
        assertArrayEquals(p.xAxis(1.2, 11).values(), back.xAxis(1.2, 11).values());
        assertArrayEquals(p.yAxis(1.2, 0.3, 7).values(), back.yAxis(1.2, 0.3, 7).values());
        assertEquals("beta", back.yAxis(1.2, 0.3, 7).name());
        assertEquals(p.summary(), back.summary());
    }

    /** The refusal of a projection's file whose line {@code index} (0-based) is set to {@code text}. */
    private String refusal(int index, String text) {
        Path file = dir.resolve("p.csv");
        projection().write(file);
        String m = ReadBack.refusal(ReadBack.damaged(file, dir.resolve("d.csv"), index + 1, l -> text),
                Projection::read);
        assertTrue(m.contains("write the file again"), m);
        return m;
    }

    @Test
    void aDamagedFileIsRefusedNamingItsLine() throws IOException {
        Path file = dir.resolve("p.csv");
        projection().write(file);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf("point,\"alpha, along d1\",beta,distance from the plane");
        assertTrue(header > 0, lines.toString());
        String[] row = lines.get(header + 3).split(",(?=[^,]*$)"); // the distance is the last cell
        String m = refusal(header + 3, row[0] + ",-" + row[1]);
        assertTrue(m.contains("line " + (header + 4) + ", column 'distance from the plane'") && m.contains(">= 0"), m);
        m = refusal(header + 1, "7" + lines.get(header + 1).substring(1)); // the first row says point 7
        assertTrue(m.contains("line " + (header + 2) + ", column 'point'") && m.contains("where 0 belongs"), m);
        int y = lines.indexOf("# y: beta");
        m = refusal(y, "# y: point");
        assertTrue(m.contains("line " + (y + 1) + " ('# y')"), m);
    }
}
