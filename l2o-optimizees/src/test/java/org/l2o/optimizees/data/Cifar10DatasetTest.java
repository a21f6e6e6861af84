package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.DataSplits;
import org.l2o.api.DatasetFormatException;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;

/** {@code cifar10} on small generated files in the binary format. */
class Cifar10DatasetTest {

    @TempDir
    Path dir;

    private final Cifar10Dataset cifar = new Cifar10Dataset();

    private static DatasetOptions in(Path dir, long seed) {
        return new DatasetOptions(Optional.of(dir), seed);
    }

    /** Values for the small generated files: any number of records per file unless given. */
    private HyperParameters hp(String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("records-per-file", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return HyperParameters.parse(cifar, m);
    }

    @Test
    void readsAllBatchesInOrderWithChannelMajorPixels() throws IOException {
        TestFiles.cifarFolder(dir, 3);
        DataSplits s = cifar.load(hp("normalize", "none"), in(dir, 0));
        assertEquals(15, s.train().size());
        assertEquals(3, s.test().size());
        assertEquals(new Shape(3, 32, 32), s.spec().sampleShape());
        // Record i of data_batch_k has label (i + 100k) % 10 and pixel p = (7i + p + 100k) & 0xff.
        for (int k = 1; k <= 5; k++) {
            for (int i = 0; i < 3; i++) {
                int sample = (k - 1) * 3 + i;
                assertEquals((i + 100 * k) % 10, s.train().label(sample));
                float[] x = s.train().sample(sample);
                for (int p : new int[] {0, 1023, 1024, 2048, 3071}) {
                    assertEquals((7 * i + p + 100 * k) & 0xff, x[p], "record " + i + " of batch " + k + " pixel " + p);
                }
            }
        }
        assertEquals(2, s.test().label(2));
    }

    @Test
    void findsTheFilesInTheTarballsSubfolder() throws IOException {
        TestFiles.cifarFolder(dir.resolve("cifar-10-batches-bin"), 1);
        assertEquals(5, cifar.load(hp(), in(dir, 0)).train().size());
    }

    @Test
    void unshuffledCapReadsThePrefixAcrossFiles() throws IOException {
        TestFiles.cifarFolder(dir, 3);
        DataSplits all = cifar.load(hp(), in(dir, 0));
        DataSplits capped = cifar.load(hp("train-size", "7", "test-size", "1"), in(dir, 0));
        assertEquals(7, capped.train().size());
        assertEquals(1, capped.test().size());
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(all.train().sample(i), capped.train().sample(i));
        }
    }

    @Test
    void shuffleIsASeededPermutation() throws IOException {
        TestFiles.cifarFolder(dir, 4);
        DataSplits a = cifar.load(hp("shuffle", "true", "normalize", "none"), in(dir, 5));
        DataSplits b = cifar.load(hp("shuffle", "true", "normalize", "none"), in(dir, 5));
        DataSplits c = cifar.load(hp("shuffle", "true", "normalize", "none"), in(dir, 6));
        Set<Float> firstPixels = new HashSet<>();
        boolean differs = false;
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(a.train().sample(i), b.train().sample(i));
            differs |= !Arrays.equals(a.train().sample(i), c.train().sample(i));
            // pixel 0 = (7i + 100k) & 0xff identifies each record uniquely here
            firstPixels.add(a.train().sample(i)[0] * 1000 + a.train().label(i));
        }
        assertEquals(20, firstPixels.size(), "a permutation keeps every record once");
        assertTrue(differs, "seeds 5 and 6 give the same order");
    }

    @Test
    void standardizeIsPerChannel() throws IOException {
        TestFiles.cifarFolder(dir, 4);
        DataSplits s = cifar.load(hp("normalize", "standardize"), in(dir, 0));
        for (int channel = 0; channel < 3; channel++) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < s.train().size(); i++) {
                float[] x = s.train().sample(i);
                for (int p = channel * 1024; p < (channel + 1) * 1024; p++) {
                    sum += x[p];
                    sumSq += x[p] * x[p];
                }
            }
            double n = s.train().size() * 1024.0;
            assertEquals(0, sum / n, 1e-4, "channel " + channel);
            assertEquals(1, sumSq / n, 1e-3, "channel " + channel);
        }
    }

    @Test
    void recordSizeMismatchIsReported() throws IOException {
        TestFiles.cifarFolder(dir, 2);
        // The python pickles or a cut download do not divide into 3073-byte records.
        Path bad = TestFiles.write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(TestFiles.cifarRecords(2, 0), 6000));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> cifar.load(hp(), in(dir, 0)));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().contains("length 6000 is not a multiple of the 3073-byte record"), e.getMessage());
    }

    @Test
    void emptyFileIsReported() throws IOException {
        TestFiles.cifarFolder(dir, 2);
        Path empty = TestFiles.write(dir.resolve("test_batch.bin"), new byte[0]);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> cifar.load(hp(), in(dir, 0)));
        assertEquals(empty, e.file());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesTheRecord() throws IOException {
        TestFiles.cifarFolder(dir, 2);
        byte[] records = TestFiles.cifarRecords(2, 0);
        records[3073] = 10;
        TestFiles.write(dir.resolve("data_batch_2.bin"), records);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> cifar.load(hp(), in(dir, 0)));
        assertTrue(e.getMessage().contains("data_batch_2.bin") && e.getMessage().contains("record 1")
                && e.getMessage().contains("label 10"), e.getMessage());
    }

    @Test
    void missingBatchIsNamed() throws IOException {
        TestFiles.cifarFolder(dir, 1);
        Files.delete(dir.resolve("data_batch_4.bin"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> cifar.load(hp(), in(dir, 0)));
        assertEquals(dir.resolve("data_batch_4.bin").toString(), e.getFile());
    }

    @Test
    void dataFolderIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cifar.load(cifar.defaults(), DatasetOptions.defaults()));
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void missingFolderIsNamed() {
        Path absent = dir.resolve("absent");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> cifar.load(hp(), in(absent, 0)));
        assertEquals(absent.toString(), e.getFile());
    }

    @Test
    void byDefaultAFileShortOfTheOfficialRecordCountIsRefused(@TempDir Path dir) throws Exception {
        TestFiles.cifarFolder(dir, 3);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> cifar.load(cifar.defaults(), in(dir, 0)));
        assertTrue(e.getMessage().contains("data_batch_1.bin: holds 3 records, expected 10000"), e.getMessage());
        assertTrue(e.getMessage().contains("--records-per-file 0"), e.getMessage());
    }
}
