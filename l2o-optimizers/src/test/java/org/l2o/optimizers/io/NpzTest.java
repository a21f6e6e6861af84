package org.l2o.optimizers.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npz codec on its own: round trips, deflated entries, and errors that name file and array. */
class NpzTest {

    @TempDir
    Path dir;

    private static Map<String, Npz.Array> sample() {
        Map<String, Npz.Array> m = new LinkedHashMap<>();
        m.put("w", Npz.Array.of(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-7f, 6}));
        m.put("b", Npz.Array.of(new long[] {2}, new double[] {0.1, -1e300}));
        m.put("s", Npz.Array.of(new long[] {}, new float[] {42}));
        return m;
    }

    /** The entries of {@code npz} re-zipped with DEFLATED entries, as numpy.savez_compressed writes. */
    private Path deflated(Path npz, Map<String, byte[]> replace) throws IOException {
        Path out = dir.resolve("deflated.npz");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(npz));
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                ZipEntry d = new ZipEntry(e.getName());
                d.setMethod(ZipEntry.DEFLATED);
                zip.putNextEntry(d);
                zip.write(replace.getOrDefault(e.getName(), in.readAllBytes()));
                zip.closeEntry();
            }
        }
        return out;
    }

    @Test
    void roundTripKeepsOrderShapesTypesAndValues() throws IOException {
        Path file = dir.resolve("a.npz");
        Files.write(file, Npz.toBytes(sample()));
        Map<String, Npz.Array> back = Npz.read(file);
        assertEquals(List.of("w", "b", "s"), List.copyOf(back.keySet()));
        for (String name : sample().keySet()) {
            Npz.Array want = sample().get(name);
            assertArrayEquals(want.shape(), back.get(name).shape(), name);
            assertArrayEquals(want.values(), back.get(name).values(), name);
            assertEquals(want.float64(), back.get(name).float64(), name);
        }
        assertArrayEquals(Npz.toBytes(sample()), Npz.toBytes(sample()), "deterministic bytes");
    }

    @Test
    void readsDeflatedEntries() throws IOException {
        Path stored = dir.resolve("a.npz");
        Files.write(stored, Npz.toBytes(sample()));
        Map<String, Npz.Array> back = Npz.read(deflated(stored, Map.of()));
        assertArrayEquals(new double[] {0.1, -1e300}, back.get("b").values());
        assertArrayEquals(new long[] {2, 3}, back.get("w").shape());
    }

    @Test
    void readsTheNumPyFixture() throws IOException {
        Path file = dir.resolve("numpy.npz");
        try (InputStream in = NpzTest.class.getResourceAsStream("/org/l2o/optimizers/training/numpy-params.npz")) {
            Files.copy(in, file);
        }
        Map<String, Npz.Array> back = Npz.read(file);
        assertTrue(back.get("fc.weight").float64());
        assertFalse(back.get("fc.bias").float64());
        assertArrayEquals(new double[] {-0.625, -0.375, -0.125, 0.125, 0.375, 0.625}, back.get("fc.weight").values());
    }

    private FileFormatException error(Path file) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> Npz.read(file));
        assertEquals(file, e.file());
        assertEquals(file + ": " + e.problem(), e.getMessage());
        return e;
    }

    private Path zipOf(Map<String, byte[]> entries) throws IOException {
        Path out = dir.resolve("z" + entries.hashCode() + ".npz");
        try (OutputStream os = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            if (entries.isEmpty()) {
                zip.setComment("nothing");
            }
        }
        return out;
    }

    private static byte[] npy(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + h.length + dataBytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, 0};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }

    @Test
    void errorsNameTheFileAndTheArray() throws IOException {
        assertThrows(NoSuchFileException.class, () -> Npz.read(dir.resolve("absent.npz")));
        assertTrue(error(Files.writeString(dir.resolve("t.npz"), "x = 1")).problem()
                .startsWith("is not a NumPy .npz archive"));
        assertTrue(error(Files.write(dir.resolve("e.npz"), new byte[0])).problem().contains("it is empty"));
        assertTrue(error(zipOf(Map.of("a.txt", new byte[1], "b.csv", new byte[1]))).problem()
                .startsWith("holds entries that are not .npy arrays: ["));
        String f8 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n";
        assertEquals("array 'x' of shape [2] needs 16 data bytes but has 8 (truncated)",
                error(zipOf(Map.of("x.npy", npy(f8, 8)))).problem());
        assertTrue(error(zipOf(Map.of("x.npy", npy(f8.replace("<f8", "<i8"), 16)))).problem()
                .contains("array 'x' has type <i8"));
        assertTrue(error(zipOf(Map.of("x.npy", npy(f8.replace("(2,)", "(2L,)"), 16)))).problem()
                .contains("array 'x' has a malformed shape"));
        assertTrue(error(zipOf(Map.of(".npy", npy(f8, 16)))).problem().contains("unnamed array"));
    }

    @Test
    void aCorruptDeflatedEntryIsNamed() throws IOException {
        Path stored = dir.resolve("a.npz");
        Files.write(stored, Npz.toBytes(sample()));
        Path file = deflated(stored, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        // the first entry's compressed data starts after its 30-byte local header and name
        int data = 30 + "w.npy".length();
        for (int i = data; i < data + 20; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(file, bytes);
        String problem = error(file).problem();
        assertTrue(problem.contains("'w.npy'"), problem);
    }
}
