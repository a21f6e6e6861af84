package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;
import org.l2o.api.LabeledData;

class DjlDatasetsTest {

    private final LabeledData data;

    DjlDatasetsTest() {
        SyntheticDataset synthetic = new SyntheticDataset();
        data = synthetic.load(HyperParameters.parse(synthetic, Map.of("dim", "3", "train-size", "50")),
                new DatasetOptions(Optional.empty(), 2)).train();
    }

    /** The first feature of every sample, batch by batch, for one epoch; checks labels on the way. */
    private List<Float> epoch(ArrayDataset dataset, NDManager manager, List<Long> batchSizes)
            throws IOException, TranslateException {
        List<Float> firsts = new ArrayList<>();
        for (Batch batch : dataset.getData(manager)) {
            float[] x = batch.getData().singletonOrThrow().toFloatArray();
            int[] y = batch.getLabels().singletonOrThrow().toIntArray();
            batchSizes.add(batch.getData().singletonOrThrow().getShape().get(0));
            assertEquals(3, batch.getData().singletonOrThrow().getShape().get(1));
            for (int i = 0; i < y.length; i++) {
                // find the sample by value and check its label travelled with it
                int index = indexOf(x[3 * i]);
                assertEquals(data.label(index), y[i]);
                assertArrayEquals(data.sample(index), java.util.Arrays.copyOfRange(x, 3 * i, 3 * i + 3));
                firsts.add(x[3 * i]);
            }
            batch.close();
        }
        return firsts;
    }

    private int indexOf(float first) {
        for (int i = 0; i < data.size(); i++) {
            if (data.sample(i)[0] == first) {
                return i;
            }
        }
        throw new AssertionError("no sample starts with " + first);
    }

    @Test
    void sequentialDatasetKeepsOrderAndLabels() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = DjlDatasets.toArrayDataset(data, manager, 16, false, 0, false);
            assertEquals(50, dataset.size());
            List<Long> sizes = new ArrayList<>();
            List<Float> firsts = epoch(dataset, manager, sizes);
            assertEquals(List.of(16L, 16L, 16L, 2L), sizes);
            for (int i = 0; i < 50; i++) {
                assertEquals(data.sample(i)[0], firsts.get(i));
            }
            assertEquals(new Shape(50, 3), dataset.getByRange(manager, 0, 50).getData().head().getShape());
        }
    }

    @Test
    void shuffledEpochsArePermutationsReproducibleBySeed() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset a = DjlDatasets.toArrayDataset(data, manager, 10, true, 42, true);
            ArrayDataset b = DjlDatasets.toArrayDataset(data, manager, 10, true, 42, true);
            List<Long> sizes = new ArrayList<>();
            List<Float> a1 = epoch(a, manager, sizes);
            List<Float> a2 = epoch(a, manager, sizes);
            assertEquals(50, a1.size());
            assertEquals(50, new java.util.HashSet<>(a1).size(), "each sample once per epoch");
            assertNotEquals(a1, a2, "a new order each epoch");
            assertEquals(a1, epoch(b, manager, sizes), "equal seeds, equal order");
            assertEquals(a2, epoch(b, manager, sizes));
        }
    }
}
