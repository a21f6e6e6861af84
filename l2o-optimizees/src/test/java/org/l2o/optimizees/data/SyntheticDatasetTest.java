package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.l2o.api.DataSplits;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;
import org.l2o.api.LabeledData;

class SyntheticDatasetTest {

    private final SyntheticDataset synthetic = new SyntheticDataset();

    private DataSplits load(long seed, String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return synthetic.load(HyperParameters.parse(synthetic, m), new DatasetOptions(Optional.empty(), seed));
    }

    @Test
    void shapeSizesAndBalancedLabels() {
        DataSplits s = load(1, "dim", "7", "classes", "4", "train-size", "102", "test-size", "40");
        assertEquals(new Shape(7), s.spec().sampleShape());
        assertEquals(4, s.spec().numClasses());
        assertEquals(102, s.train().size());
        assertEquals(40, s.test().size());
        int[] counts = new int[4];
        for (int i = 0; i < 102; i++) {
            counts[s.train().label(i)]++;
        }
        assertArrayEquals(new int[] {26, 26, 25, 25}, counts);
    }

    @Test
    void equalSeedsGiveEqualDataAndOtherSeedsOtherData() {
        DataSplits a = load(3);
        DataSplits b = load(3);
        DataSplits c = load(4);
        for (int i = 0; i < a.train().size(); i++) {
            assertArrayEquals(a.train().sample(i), b.train().sample(i));
            assertEquals(a.train().label(i), b.train().label(i));
        }
        assertFalse(Arrays.equals(a.train().sample(0), c.train().sample(0)));
    }

    /** Nearest-centroid accuracy on test, with centroids estimated from train. */
    private static double nearestCentroidAccuracy(DataSplits s) {
        LabeledData train = s.train();
        int dim = (int) s.spec().featureCount();
        double[][] centroid = new double[s.spec().numClasses()][dim];
        int[] count = new int[centroid.length];
        for (int i = 0; i < train.size(); i++) {
            float[] x = train.sample(i);
            count[train.label(i)]++;
            for (int j = 0; j < dim; j++) {
                centroid[train.label(i)][j] += x[j];
            }
        }
        for (int c = 0; c < centroid.length; c++) {
            for (int j = 0; j < dim; j++) {
                centroid[c][j] /= count[c];
            }
        }
        int correct = 0;
        for (int i = 0; i < s.test().size(); i++) {
            float[] x = s.test().sample(i);
            int best = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < centroid.length; c++) {
                double d = 0;
                for (int j = 0; j < dim; j++) {
                    d += (x[j] - centroid[c][j]) * (x[j] - centroid[c][j]);
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            correct += best == s.test().label(i) ? 1 : 0;
        }
        return correct / (double) s.test().size();
    }

    @Test
    void centerScaleControlsHowSeparableTheClassesAre() {
        double separated = nearestCentroidAccuracy(load(5, "classes", "4", "center-scale", "3", "test-size", "400"));
        double mixed = nearestCentroidAccuracy(load(5, "classes", "4", "center-scale", "0", "test-size", "400"));
        assertTrue(separated > 0.97, "well separated blobs: accuracy " + separated);
        assertTrue(mixed < 0.4, "identical centres leave chance (0.25): accuracy " + mixed);
    }

    @Test
    void standardizeUsesTrainStatisticsPerFeature() {
        DataSplits s = load(9, "dim", "3", "normalize", "standardize", "center-scale", "5", "train-size", "300");
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < 300; i++) {
                float v = s.train().sample(i)[j];
                sum += v;
                sumSq += v * v;
            }
            assertEquals(0, sum / 300, 1e-5, "feature " + j);
            assertEquals(1, sumSq / 300, 1e-4, "feature " + j);
        }
    }

    @Test
    void unitIsNotOfferedForUnboundedFeatures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(0, "normalize", "unit"));
        assertTrue(e.getMessage().contains("not one of none, standardize"), e.getMessage());
    }
}
