package org.landscape.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DataTest {

    @Test
    void shippedSubsetHasTenThousandDigitsOfEachClass() {
        Mnist digits = Mnist.subset();
        assertEquals(10000, digits.size());
        int[] counts = new int[10];
        for (int i = 0; i < digits.size(); i++) {
            counts[digits.label(i)]++;
        }
        for (int c : counts) {
            assertTrue(c >= 800 && c <= 1200, "class counts " + java.util.Arrays.toString(counts));
        }
        double[] first = digits.pixels(0);
        assertEquals(784, first.length);
        assertTrue(java.util.Arrays.stream(first).max().getAsDouble() > 0.9, "a digit has bright pixels");
    }

    @Test
    void downsamplingAveragesAreasAndKeepsTheMeanIntensity() {
        Mnist digits = Mnist.subset();
        Mnist small = digits.downsampled(10);
        assertEquals(10, small.side());
        for (int i = 0; i < 20; i++) {
            double before = java.util.Arrays.stream(digits.pixels(i)).average().getAsDouble();
            double after = java.util.Arrays.stream(small.pixels(i)).average().getAsDouble();
            assertEquals(before, after, 1e-12, "box filtering preserves the mean of image " + i);
        }
        // 4x4 -> 2x2 is exact block averaging.
        double[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        assertArrayEquals(new double[]{3.5, 5.5, 11.5, 13.5}, Mnist.downsample(image, 4, 2), 1e-12);
        Dataset data = small.dataset();
        assertEquals(100, data.inputWidth());
        assertEquals(10, data.outputWidth());
    }

    @Test
    void seededSplitIsReproducibleAndDisjoint() {
        Dataset data = Synthetic.teacher(200, 10, 4);
        Dataset.Split a = data.split(0.75, 9), b = data.split(0.75, 9);
        assertEquals(150, a.train().size());
        assertEquals(50, a.test().size());
        assertEquals(a.train().features(), b.train().features());
        assertEquals(data.features().sumNumber().doubleValue(),
                a.train().features().sumNumber().doubleValue() + a.test().features().sumNumber().doubleValue(), 1e-9);
    }

    @Test
    void badDataGetsClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mnist.read(Path.of("no/such/images.idx3.gz"), Path.of("no/such/labels.idx1.gz")));
        assertTrue(e.getMessage().contains("imagesFile: MNIST file not found"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.of("nothing", new double[0][], new double[0][]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset("nan",
                Nd4j.createFromArray(new double[][]{{Double.NaN}}), Nd4j.createFromArray(new double[][]{{1}})));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void syntheticSetsHaveTheBooksShapes() {
        Dataset teacher = Synthetic.teacher(64, 20, 1);
        assertEquals(5, teacher.inputWidth());
        assertEquals(1, teacher.outputWidth());
        Dataset moons = Synthetic.twoMoons(100, 0.1, 2);
        assertEquals(2, moons.inputWidth());
        assertEquals(50.0, moons.labels().getColumn(0).sumNumber().doubleValue(), 0);
    }

    @Test
    void noisyTeacherAddsNoiseOfTheGivenSize() {
        Dataset clean = Synthetic.teacher(4000, 3, 4, 6), noisy = Synthetic.teacher(4000, 3, 4, 0.3, 6);
        double[][] a = clean.labels().toDoubleMatrix(), b = noisy.labels().toDoubleMatrix();
        double sum = 0, sumSq = 0;
        for (int i = 0; i < a.length; i++) {
            double d = b[i][0] - a[i][0];
            sum += d;
            sumSq += d * d;
        }
        double mean = sum / a.length, std = Math.sqrt(sumSq / a.length - mean * mean);
        assertEquals(0.3, std, 0.02);
        assertEquals(0, mean, 0.02);
        assertArrayEquals(clean.features().toDoubleMatrix()[7], noisy.features().toDoubleMatrix()[7], 0);
        assertArrayEquals(a[0], Synthetic.teacher(4000, 3, 4, 0.0, 6).labels().toDoubleMatrix()[0], 0);
        assertThrows(IllegalArgumentException.class, () -> Synthetic.teacher(10, 3, 4, -1, 6));
    }
}
