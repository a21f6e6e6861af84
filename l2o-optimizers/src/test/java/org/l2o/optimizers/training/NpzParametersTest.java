package org.l2o.optimizers.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.Objective.ParameterSpec;

/** .npz save/load: round trips, files NumPy wrote, and clear errors for wrong files. */
class NpzParametersTest {

    private static final List<ParameterSpec> SPECS = List.of(
            new ParameterSpec("fc.weight", new Shape(3, 2)), new ParameterSpec("fc.bias", new Shape(2)));

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static NDList params(NDManager m) {
        return new NDList(m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2)), m.create(new float[] {-1, 0.5f}));
    }

    @Test
    void roundTripKeepsNamesShapesAndValues(@TempDir Path dir) throws IOException {
        try (NDManager m = manager.newSubManager()) {
            Path file = dir.resolve("p.npz");
            NpzParameters.save(file, SPECS, params(m));
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
                ZipEntry a = zip.getNextEntry();
                ZipEntry b = zip.getNextEntry();
                assertEquals(List.of("fc.weight.npy", "fc.bias.npy"), List.of(a.getName(), b.getName()));
            }
            NDList back = NpzParameters.load(file, SPECS, m, DataType.FLOAT32);
            assertEquals(new Shape(3, 2), back.get(0).getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, back.get(0).toFloatArray());
            assertArrayEquals(new float[] {-1, 0.5f}, back.get(1).toFloatArray());
        }
    }

    @Test
    void readsAnArchiveNumPyWroteConvertingFloat64(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("numpy.npz");
        try (InputStream in = getClass().getResourceAsStream("numpy-params.npz")) {
            Files.copy(in, file);
        }
        try (NDManager m = manager.newSubManager()) {
            NDList p = NpzParameters.load(file, SPECS, m, DataType.FLOAT32);
            assertEquals(DataType.FLOAT32, p.get(0).getDataType());
            assertArrayEquals(new float[] {-0.625f, -0.375f, -0.125f, 0.125f, 0.375f, 0.625f}, p.get(0).toFloatArray());
            assertArrayEquals(new float[] {0.25f, -0.5f}, p.get(1).toFloatArray());
        }
    }

    private static String loadError(Path file, List<ParameterSpec> specs) {
        try (NDManager m = manager.newSubManager()) {
            ParameterFileException e = assertThrows(ParameterFileException.class,
                    () -> NpzParameters.load(file, specs, m, DataType.FLOAT32));
            assertEquals(file, e.file());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void aFileThatIsNotAnArchiveIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.npz"), "fc.weight = [[1, 2], [3, 4]]\n");
        assertTrue(loadError(file, SPECS).contains("is not a NumPy .npz archive"));
        Path empty = Files.write(dir.resolve("empty.npz"), new byte[0]);
        assertTrue(loadError(empty, SPECS).contains("is not a NumPy .npz archive"));
    }

    @Test
    void missingExtraAndMisshapenArraysAreListed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.npz");
        try (NDManager m = manager.newSubManager()) {
            NpzParameters.save(file, SPECS, params(m));
        }
        String m1 = loadError(file, List.of(new ParameterSpec("fc.weight", new Shape(2, 3)),
                new ParameterSpec("fc.bias", new Shape(2)), new ParameterSpec("fc2.bias", new Shape(4))));
        assertTrue(m1.contains("missing arrays [fc2.bias]"), m1);
        assertTrue(m1.contains("'fc.weight' has shape (3, 2), expected (2, 3)"), m1);
        String m2 = loadError(file, List.of(new ParameterSpec("fc.weight", new Shape(3, 2))));
        assertTrue(m2.contains("unexpected arrays [fc.bias]"), m2);
    }

    @Test
    void aTruncatedArchiveIsAnError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.npz");
        try (NDManager m = manager.newSubManager()) {
            NpzParameters.save(file, SPECS, params(m));
        }
        byte[] all = Files.readAllBytes(file);
        for (int cut : new int[] {40, all.length / 2, all.length - 30}) {
            Path truncated = Files.write(dir.resolve("cut" + cut + ".npz"), Arrays.copyOf(all, cut));
            loadError(truncated, SPECS);
        }
    }

    @Test
    void aMissingFileIsNoSuchFile(@TempDir Path dir) {
        try (NDManager m = manager.newSubManager()) {
            assertThrows(NoSuchFileException.class,
                    () -> NpzParameters.load(dir.resolve("absent.npz"), SPECS, m, DataType.FLOAT32));
        }
    }
}
