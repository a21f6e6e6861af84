package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.api.DatasetFormatException;
import org.l2o.optimizees.data.IdxReader.IdxArray;

class IdxReaderTest {

    @TempDir
    Path dir;

    private final byte[] data = TestFiles.pixels(5, 6, 7);
    private final byte[] valid = TestFiles.idx(new int[] {5, 2, 3}, data);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsPlainAndGzippedFilesAlike(boolean gz) throws IOException {
        Path file = TestFiles.write(dir.resolve("a"), gz ? TestFiles.gzip(valid) : valid);
        IdxArray a = IdxReader.read(file, 3);
        assertArrayEquals(new int[] {5, 2, 3}, a.dims());
        assertArrayEquals(data, a.data());
        assertEquals(5, a.count());
        assertEquals(6, a.itemSize());
        assertEquals(file, a.source());
    }

    @Test
    void gzipIsRecognizedByContentNotName() throws IOException {
        Path plainNamedGz = TestFiles.write(dir.resolve("x.gz"), valid);
        Path gzNamedPlain = TestFiles.write(dir.resolve("y"), TestFiles.gzip(valid));
        assertArrayEquals(data, IdxReader.read(plainNamedGz, 3).data());
        assertArrayEquals(data, IdxReader.read(gzNamedPlain, 3).data());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void wrongMagicNumberIsNamed(boolean gz) throws IOException {
        byte[] labels = TestFiles.idx(new int[] {4}, new byte[4]); // magic 0x00000801
        Path file = TestFiles.write(dir.resolve("labels"), gz ? TestFiles.gzip(labels) : labels);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 3));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801, expected 0x00000803"), e.getMessage());
    }

    @Test
    void nonUnsignedByteTypeIsAWrongMagicNumber() throws IOException {
        byte[] floats = valid.clone();
        floats[2] = 0x0D; // IDX float type
        Path file = TestFiles.write(dir.resolve("f"), floats);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 3));
        assertTrue(e.getMessage().contains("0x00000D03"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedDataIsReportedWithCounts(boolean gz) throws IOException {
        byte[] cut = Arrays.copyOf(valid, valid.length - 4);
        Path file = TestFiles.write(dir.resolve("cut"), gz ? TestFiles.gzip(cut) : cut);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 3));
        assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("30 data bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("26"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 4, 9})
    void truncatedHeaderIsReported(int length) throws IOException {
        Path file = TestFiles.write(dir.resolve("h"), Arrays.copyOf(valid, length));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 3));
        assertTrue(e.getMessage().contains(length == 0 ? "empty file" : "truncated"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void extraBytesAfterTheDeclaredDataAreAnError(boolean gz) throws IOException {
        byte[] longer = Arrays.copyOf(valid, valid.length + 3);
        Path file = TestFiles.write(dir.resolve("long"), gz ? TestFiles.gzip(longer) : longer);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 3));
        assertTrue(e.getMessage().contains(gz ? "continues after" : "33 data bytes"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hugeDeclaredSizesFailFastWithoutAllocating(boolean gz) throws IOException {
        // 2e9 images of 28x28 would be 1.5 TB; only 30 bytes follow.
        byte[] lying = TestFiles.idx(new int[] {2_000_000_000, 28, 28}, data);
        byte[] big = TestFiles.idx(new int[] {2_000_000, 28, 28}, data); // 1.5 GB: fits an array, not the file
        for (byte[] content : new byte[][] {lying, big}) {
            Path file = TestFiles.write(dir.resolve("lie"), gz ? TestFiles.gzip(content) : content);
            DatasetFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 3)));
            assertTrue(e.getMessage().contains("header declares sizes"), e.getMessage());
        }
    }

    @Test
    void negativeSizeIsRejected() throws IOException {
        Path file = TestFiles.write(dir.resolve("neg"), TestFiles.idx(new int[] {-1}, new byte[0]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 1));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void cutGzipStreamIsReportedAsCorrupt() throws IOException {
        byte[] gz = TestFiles.gzip(TestFiles.idx(new int[] {100, 28, 28}, TestFiles.pixels(100, 784, 3)));
        Path file = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, 3));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        Path file = dir.resolve("absent-idx3-ubyte");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.read(file, 3));
        assertEquals(file.toString(), e.getFile());
    }
}
