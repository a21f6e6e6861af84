package org.l2o.optimizees.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.l2o.api.DatasetFormatException;

/**
 * Reads IDX files, the format of the MNIST and Fashion-MNIST distributions
 * (LeCun et al., http://yann.lecun.com/exdb/mnist/): a 4-byte magic number
 * {@code 00 00 type ndims}, {@code ndims} big-endian 32-bit sizes, then the values row-major.
 * Only unsigned bytes (type {@code 0x08}) are supported, which is what those datasets use.
 *
 * <p>Gzipped and plain files are told apart by their first two bytes, not by their name.
 * Declared sizes are checked before anything is allocated: against the file length for plain
 * files, and for gzipped files the buffer grows only as decompressed data actually arrives,
 * so a corrupt header can never cause an out-of-memory error. Short, long, corrupt or
 * mis-typed files fail with a {@link DatasetFormatException} naming the file and the fault.
 */
public final class IdxReader {

    /** The IDX type code of unsigned bytes. */
    static final int UBYTE = 0x08;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 20;

    /**
     * The content of one IDX file.
     *
     * @param source the file it came from, for messages
     * @param dims the declared sizes, e.g. {n, 28, 28}
     * @param data the values, row-major, {@code product(dims)} bytes
     */
    public record IdxArray(Path source, int[] dims, byte[] data) {

        /** The first size: the number of items. */
        public int count() {
            return dims[0];
        }

        /** Bytes per item: the product of all sizes but the first. */
        public int itemSize() {
            int size = 1;
            for (int i = 1; i < dims.length; i++) {
                size *= dims[i];
            }
            return size;
        }
    }

    private IdxReader() {}

    /**
     * Reads an IDX file of unsigned bytes with {@code expectedDims} sizes.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws DatasetFormatException when it is not such a file
     */
    public static IdxArray read(Path file, int expectedDims) throws IOException {
        long length = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file, length, expectedDims);
        }
    }

    /**
     * Reads an IDX stream (gzipped or plain).
     *
     * @param in the bytes; not closed here
     * @param source names the stream in messages
     * @param length the stream's length in bytes when known, or -1
     * @param expectedDims how many sizes the header must declare (1 for labels, 3 for images)
     */
    public static IdxArray read(InputStream in, Path source, long length, int expectedDims)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 < 0) {
            throw new DatasetFormatException(source, "empty file, expected an IDX file");
        }
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            if (gzip) {
                return parse(new GZIPInputStream(buffered, 1 << 16), source, -1, true, expectedDims);
            }
            return parse(buffered, source, length, false, expectedDims);
        } catch (ZipException | EOFException e) {
            // GZIPInputStream reports a cut-off or damaged stream this way.
            throw new DatasetFormatException(source, "corrupt or truncated gzip data (" + e.getMessage() + ")");
        }
    }

    private static IdxArray parse(InputStream in, Path source, long length, boolean gzip, int expectedDims)
            throws IOException {
        String what = gzip ? "decompressed data" : "file";
        byte[] magic = new byte[4];
        int got = readFully(in, magic, 0, 4);
        if (got < 4) {
            throw new DatasetFormatException(source, "truncated: the " + what + " ends after " + got
                    + " bytes, inside the 4-byte IDX magic number");
        }
        int expectedMagic = (UBYTE << 8) | expectedDims;
        int actualMagic = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8)
                | (magic[3] & 0xff);
        if (actualMagic != expectedMagic) {
            throw new DatasetFormatException(source, String.format(
                    "wrong magic number 0x%08X, expected 0x%08X (IDX, unsigned bytes, %d dimension%s)",
                    actualMagic, expectedMagic, expectedDims, expectedDims == 1 ? "" : "s"));
        }
        byte[] header = new byte[4 * expectedDims];
        got = readFully(in, header, 0, header.length);
        if (got < header.length) {
            throw new DatasetFormatException(source, "truncated: the " + what + " ends after " + (4 + got)
                    + " bytes, inside the header of " + (4 + header.length) + " bytes");
        }
        int[] dims = new int[expectedDims];
        long total = 1;
        boolean zero = false;
        boolean huge = false;
        for (int i = 0; i < expectedDims; i++) {
            dims[i] = ((header[4 * i] & 0xff) << 24) | ((header[4 * i + 1] & 0xff) << 16)
                    | ((header[4 * i + 2] & 0xff) << 8) | (header[4 * i + 3] & 0xff);
            if (dims[i] < 0) {
                throw new DatasetFormatException(source, "size " + i + " in the header is negative ("
                        + Integer.toUnsignedString(dims[i]) + " as unsigned), which no IDX file declares");
            }
            if (dims[i] == 0) {
                zero = true;
            } else if (total > MAX_ARRAY / dims[i]) {
                huge = true; // saturate instead of overflowing
            } else {
                total *= dims[i];
            }
        }
        if (zero) {
            total = 0;
        } else if (huge) {
            throw new DatasetFormatException(source, "header declares sizes " + Arrays.toString(dims)
                    + ", more values than one Java array holds; the header is corrupt");
        }
        long headerBytes = 4L + header.length;
        if (length >= 0 && headerBytes + total != length) {
            throw new DatasetFormatException(source, (headerBytes + total > length ? "truncated: " : "")
                    + "header declares sizes " + Arrays.toString(dims) + " = " + total + " data bytes, but the file holds "
                    + (length - headerBytes) + " data bytes after the " + headerBytes + "-byte header");
        }
        byte[] data = readBody(in, (int) total, source, dims, what);
        if (in.read() >= 0) {
            throw new DatasetFormatException(source, "the " + what + " continues after the " + total
                    + " data bytes its header declares " + Arrays.toString(dims));
        }
        return new IdxArray(source, dims, data);
    }

    /** Reads exactly {@code size} bytes, growing the buffer only as data arrives. */
    private static byte[] readBody(InputStream in, int size, Path source, int[] dims, String what)
            throws IOException {
        byte[] data = new byte[Math.min(size, CHUNK)];
        int filled = 0;
        while (filled < size) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
            }
            int n = in.read(data, filled, data.length - filled);
            if (n < 0) {
                throw new DatasetFormatException(source, "truncated: header declares sizes " + Arrays.toString(dims)
                        + " = " + size + " data bytes, but the " + what + " ends after " + filled);
            }
            filled += n;
        }
        return data;
    }

    private static int readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(buffer, offset + total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
