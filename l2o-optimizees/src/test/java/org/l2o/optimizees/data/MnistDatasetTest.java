package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2o.api.DataSplits;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;
import org.l2o.api.LabeledData;

/** The embedded MNIST sample: 10,000 real digits split 8,000/2,000, stratified. */
class MnistDatasetTest {

    private static final MnistDataset MNIST = new MnistDataset();
    private static DataSplits splits;

    @BeforeAll
    static void load() throws IOException {
        splits = MNIST.load(MNIST.defaults(), DatasetOptions.defaults());
    }

    private static int[] classCounts(LabeledData d) {
        int[] counts = new int[d.numClasses()];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        return counts;
    }

    @Test
    void embeddedSampleHasTheDocumentedSizesAndShape() {
        assertEquals(8000, splits.train().size());
        assertEquals(2000, splits.test().size());
        assertEquals(new Shape(1, 28, 28), splits.spec().sampleShape());
        assertEquals(10, splits.spec().numClasses());
        assertEquals("mnist", splits.name());
    }

    @Test
    void splitIsStratifiedTwentyPercentOfEachClass() {
        int[] train = classCounts(splits.train());
        int[] test = classCounts(splits.test());
        for (int c = 0; c < 10; c++) {
            int total = train[c] + test[c];
            // Real MNIST is roughly balanced: every digit has 700-1200 of the 10,000.
            assertTrue(total > 700 && total < 1200, "digit " + c + " has " + total);
            assertTrue(Math.abs(test[c] - total / 5.0) <= 1.0, "digit " + c + ": " + test[c] + " of " + total);
        }
    }

    @Test
    void classesAreMixedSoThatAPrefixIsAFairSubset() {
        int[] head = classCounts(splits.train().head(500));
        for (int c = 0; c < 10; c++) {
            assertTrue(head[c] >= 20, "digit " + c + " appears " + head[c] + " times in the first 500");
        }
    }

    @Test
    void unitPixelsLookLikeMnist() {
        double sum = 0;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < splits.train().size(); i++) {
            for (float v : splits.train().sample(i)) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        // MNIST's mean pixel intensity is about 0.13 (mostly black background).
        double mean = sum / (8000.0 * 784);
        assertTrue(mean > 0.1 && mean < 0.16, "mean pixel " + mean);
        // Corners are background in every digit.
        for (int i = 0; i < 100; i++) {
            assertEquals(0f, splits.train().sample(i)[0]);
        }
    }

    @Test
    void trainAndTestShareNoImage() {
        // FloatBuffer compares content, so it serves as a set key for an image.
        Set<FloatBuffer> train = new HashSet<>();
        for (int i = 0; i < splits.train().size(); i++) {
            train.add(FloatBuffer.wrap(splits.train().sample(i)));
        }
        assertTrue(train.size() > 7990, "the train split holds " + train.size() + " distinct images");
        for (int i = 0; i < splits.test().size(); i++) {
            assertFalse(train.contains(FloatBuffer.wrap(splits.test().sample(i))), "test image " + i + " is in train");
        }
    }

    @Test
    void loadingIsDeterministic() throws IOException {
        DataSplits again = MNIST.load(MNIST.defaults(), new DatasetOptions(Optional.empty(), 99));
        // Without shuffle, the seed does not matter: file order.
        for (int i : new int[] {0, 1, 4321, 7999}) {
            assertArrayEquals(splits.train().sample(i), again.train().sample(i));
            assertEquals(splits.train().label(i), again.train().label(i));
        }
    }

    @Test
    void shuffledCapsAreSeededSubsets() throws IOException {
        HyperParameters hp = HyperParameters.parse(MNIST,
                Map.of("train-size", "300", "test-size", "50", "shuffle", "true"));
        DataSplits a = MNIST.load(hp, new DatasetOptions(Optional.empty(), 7));
        DataSplits b = MNIST.load(hp, new DatasetOptions(Optional.empty(), 7));
        DataSplits c = MNIST.load(hp, new DatasetOptions(Optional.empty(), 8));
        assertEquals(300, a.train().size());
        assertEquals(50, a.test().size());
        int differ = 0;
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(a.train().sample(i), b.train().sample(i));
            if (!Arrays.equals(a.train().sample(i), c.train().sample(i))) {
                differ++;
            }
        }
        assertTrue(differ > 250, "seeds 7 and 8 agree on " + (300 - differ) + " of 300 samples");
        assertNotEquals(Arrays.toString(a.train().sample(0)), Arrays.toString(splits.train().sample(0)));
    }

    @Test
    void unshuffledCapIsThePrefix() throws IOException {
        HyperParameters hp = HyperParameters.parse(MNIST, Map.of("train-size", "10", "test-size", "3"));
        DataSplits small = MNIST.load(hp, DatasetOptions.defaults());
        assertEquals(10, small.train().size());
        assertEquals(3, small.test().size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(splits.train().sample(i), small.train().sample(i));
        }
    }

    @Test
    void standardizeGivesZeroMeanUnitVarianceOnTrain() throws IOException {
        DataSplits s = MNIST.load(HyperParameters.parse(MNIST, Map.of("normalize", "standardize", "train-size", "2000")),
                DatasetOptions.defaults());
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < s.train().size(); i++) {
            for (float v : s.train().sample(i)) {
                sum += v;
                sumSq += v * v;
            }
        }
        double n = s.train().size() * 784.0;
        assertEquals(0, sum / n, 1e-4);
        assertEquals(1, sumSq / n, 1e-3);
    }

    @Test
    void noneKeepsRawPixelValues() throws IOException {
        DataSplits raw = MNIST.load(HyperParameters.parse(MNIST, Map.of("normalize", "none", "train-size", "5")),
                DatasetOptions.defaults());
        for (int i = 0; i < 5; i++) {
            float[] unit = splits.train().sample(i);
            float[] pixels = raw.train().sample(i);
            for (int p = 0; p < 784; p++) {
                assertEquals(unit[p] * 255f, pixels[p], 1e-3f);
                assertEquals(Math.rint(pixels[p]), pixels[p]);
            }
        }
    }
}
