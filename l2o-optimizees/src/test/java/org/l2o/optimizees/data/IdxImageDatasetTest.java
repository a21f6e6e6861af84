package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.api.DataSplits;
import org.l2o.api.DatasetFormatException;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;

/** {@code mnist} with a data folder and {@code fashion-mnist}, on small generated IDX files. */
class IdxImageDatasetTest {

    @TempDir
    Path dir;

    private static DatasetOptions in(Path dir) {
        return new DatasetOptions(Optional.of(dir), 0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void mnistReadsStandardFilesFromTheDataFolder(boolean gz) throws IOException {
        TestFiles.mnistFolder(dir, 12, 5, gz);
        MnistDataset mnist = new MnistDataset();
        DataSplits s = mnist.load(HyperParameters.parse(mnist, Map.of("normalize", "none")), in(dir));
        assertEquals(12, s.train().size());
        assertEquals(5, s.test().size());
        byte[] pixels = TestFiles.pixels(12, 784, 1);
        for (int i = 0; i < 12; i++) {
            assertEquals(i % 10, s.train().label(i));
            float[] x = s.train().sample(i);
            for (int p = 0; p < 784; p += 97) {
                assertEquals(pixels[i * 784 + p] & 0xff, x[p]);
            }
        }
        assertEquals(3, s.test().label(0));
    }

    @Test
    void fashionMnistReadsTheSameLayoutAndAcceptsDottedNames() throws IOException {
        TestFiles.mnistFolder(dir, 4, 3, true);
        Files.move(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-images.idx3-ubyte.gz"));
        FashionMnistDataset fashion = new FashionMnistDataset();
        DataSplits s = fashion.load(fashion.defaults(), in(dir));
        assertEquals("fashion-mnist", s.name());
        assertEquals(4, s.train().size());
        assertEquals(3, s.test().size());
        float max = 0;
        for (int i = 0; i < 4; i++) {
            for (float v : s.train().sample(i)) {
                assertTrue(v >= 0 && v <= 1, "unit pixel " + v);
                max = Math.max(max, v);
            }
        }
        assertTrue(max > 0.9f, "random pixels reach near 255: " + max);
    }

    @Test
    void fashionMnistWithoutItsDefaultFolderSaysHowToGetIt() {
        FashionMnistDataset fashion = new FashionMnistDataset(dir.resolve("not-installed"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> fashion.load(fashion.defaults(), DatasetOptions.defaults()));
        assertTrue(e.getMessage().contains("not-installed"), e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void labelCountDifferentFromImageCountNamesBothFiles() throws IOException {
        TestFiles.mnistFolder(dir, 6, 2, false);
        TestFiles.write(dir.resolve("train-labels-idx1-ubyte"), TestFiles.idx(new int[] {5}, TestFiles.labels(5, 0)));
        MnistDataset mnist = new MnistDataset();
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> mnist.load(mnist.defaults(), in(dir)));
        assertEquals(dir.resolve("train-labels-idx1-ubyte"), e.file());
        assertTrue(e.getMessage().contains("5 labels") && e.getMessage().contains("6 images")
                && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void wrongImageSizeIsRejected() throws IOException {
        TestFiles.mnistFolder(dir, 2, 2, false);
        TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"),
                TestFiles.idx(new int[] {2, 27, 29}, TestFiles.pixels(2, 27 * 29, 5)));
        MnistDataset mnist = new MnistDataset();
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> mnist.load(mnist.defaults(), in(dir)));
        assertTrue(e.getMessage().contains("27×29") && e.getMessage().contains("expected 28×28"), e.getMessage());
    }

    @Test
    void labelOutsideTheTenClassesIsRejected() throws IOException {
        TestFiles.mnistFolder(dir, 3, 2, false);
        TestFiles.write(dir.resolve("train-labels-idx1-ubyte"), TestFiles.idx(new int[] {3}, new byte[] {1, 10, 2}));
        MnistDataset mnist = new MnistDataset();
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> mnist.load(mnist.defaults(), in(dir)));
        assertTrue(e.getMessage().contains("label 10 of item 1"), e.getMessage());
    }

    @Test
    void emptyImageFileIsRejected() throws IOException {
        TestFiles.mnistFolder(dir, 3, 2, false);
        TestFiles.writeSplit(dir, "t10k", new byte[0], new byte[0], false);
        MnistDataset mnist = new MnistDataset();
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> mnist.load(mnist.defaults(), in(dir)));
        assertTrue(e.getMessage().contains("holds no images"), e.getMessage());
    }

    @Test
    void truncatedGzippedImagesInAFolderAreReported() throws IOException {
        TestFiles.mnistFolder(dir, 8, 2, true);
        byte[] cut = TestFiles.gzip(Arrays.copyOf(TestFiles.idx(new int[] {8, 28, 28}, TestFiles.pixels(8, 784, 1)),
                16 + 7 * 784 + 100));
        TestFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), cut);
        MnistDataset mnist = new MnistDataset();
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> mnist.load(mnist.defaults(), in(dir)));
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz"), e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingFileListsTheNamesTried() throws IOException {
        TestFiles.mnistFolder(dir, 3, 2, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        MnistDataset mnist = new MnistDataset();
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> mnist.load(mnist.defaults(), in(dir)));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz") && e.getMessage().contains(dir.toString()),
                e.getMessage());
    }

    @Test
    void missingFolderIsNamed() {
        MnistDataset mnist = new MnistDataset();
        Path absent = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> mnist.load(mnist.defaults(), in(absent)));
        assertEquals(absent.toString(), e.getFile());
    }

    @Test
    void badNormalizeValueFailsBeforeReading() {
        MnistDataset mnist = new MnistDataset();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mnist.load(
                HyperParameters.parse(mnist, Map.of("normalize", "zscore")), in(dir.resolve("nope"))));
        assertTrue(e.getMessage().contains("'zscore' is not one of none, unit, standardize"), e.getMessage());
    }

    /** Reads the real Fashion-MNIST where Debian's package is installed; skipped elsewhere. */
    @Test
    void realFashionMnistWhenInstalled() throws IOException {
        Path installed = Path.of(FashionMnistDataset.DEFAULT_DIR);
        assumeTrue(Files.isDirectory(installed), "dataset-fashion-mnist is not installed");
        FashionMnistDataset fashion = new FashionMnistDataset();
        DataSplits s = fashion.load(HyperParameters.parse(fashion, Map.of("train-size", "1000", "test-size", "100")),
                DatasetOptions.defaults());
        assertEquals(1000, s.train().size());
        assertEquals(100, s.test().size());
    }
}
