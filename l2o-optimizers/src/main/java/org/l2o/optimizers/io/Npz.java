package org.l2o.optimizers.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives of named float arrays, in plain Java (no engine needed): a zip of
 * {@code NAME.npy} entries in NPY format 1.0, little-endian float32 ({@code <f4}) or float64
 * ({@code <f8}), C order; readable with {@code numpy.load}. Reading also takes NPY 2.0/3.0
 * headers and deflated entries (as {@code numpy.savez_compressed} writes) and checks the zip
 * directory (which catches truncation), every header, and that each entry holds exactly the bytes
 * its shape needs. This is the project's one .npz codec: learned-optimizer files
 * ({@code SavedOptimizer}) and optimizee parameter files ({@code NpzParameters}) are layers over it.
 */
public final class Npz {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * One array: its shape and values as doubles (float32 arrays are widened on reading).
     *
     * @param shape dimensions
     * @param values row-major values
     * @param float64 whether it is stored as float64
     */
    public record Array(long[] shape, double[] values, boolean float64) {

        /** A float32 array. */
        public static Array of(long[] shape, float[] values) {
            double[] v = new double[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = values[i];
            }
            return new Array(shape, v, false);
        }

        /** A float64 array. */
        public static Array of(long[] shape, double[] values) {
            return new Array(shape, values, true);
        }

        /** The values narrowed to float. */
        public float[] floats() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return f;
        }
    }

    private Npz() {}

    /**
     * Writes the arrays, in map order, to {@code out}, uncompressed as {@code numpy.savez} does
     * (entry times are fixed, so equal arrays give equal bytes).
     */
    public static void write(OutputStream out, Map<String, Array> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, Array> e : arrays.entrySet()) {
            ByteArrayOutputStream npy = new ByteArrayOutputStream();
            writeNpy(npy, e.getValue());
            byte[] bytes = npy.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish();
    }

    private static void writeNpy(OutputStream out, Array a) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) {
            shape.append(a.shape()[i]).append(a.shape().length == 1 ? "," : (i + 1 < a.shape().length ? ", " : ""));
        }
        shape.append(')');
        String header = "{'descr': '" + (a.float64() ? "<f8" : "<f4") + "', 'fortran_order': False, 'shape': "
                + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xff);
        out.write((len >> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        int width = a.float64() ? 8 : 4;
        ByteBuffer buf = ByteBuffer.allocate(a.values().length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : a.values()) {
            if (a.float64()) {
                buf.putDouble(v);
            } else {
                buf.putFloat((float) v);
            }
        }
        out.write(buf.array());
    }

    /**
     * Reads every array of an archive, in archive order. Entries may be stored or deflated, so
     * archives from both {@code numpy.savez} and {@code numpy.savez_compressed} load.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws FileFormatException naming the file and what is wrong with it
     */
    public static Map<String, Array> read(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(ZIP_MAGIC.length);
        }
        if (!Arrays.equals(head, ZIP_MAGIC)) {
            throw new FileFormatException(file, "is not a NumPy .npz archive ("
                    + (head.length == 0 ? "it is empty; " : "") + "expected a zip file of .npy arrays, as numpy.savez writes)");
        }
        Map<String, Array> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<? extends ZipEntry> entries = zip.stream().toList();
            if (entries.isEmpty()) {
                throw new FileFormatException(file, "is an empty .npz archive: it holds no arrays");
            }
            List<String> others = entries.stream().map(ZipEntry::getName).filter(n -> !n.endsWith(".npy")).toList();
            if (!others.isEmpty()) {
                throw new FileFormatException(file, "holds entries that are not .npy arrays: " + others);
            }
            for (ZipEntry e : entries) {
                String name = e.getName().substring(0, e.getName().length() - 4);
                if (name.isEmpty()) {
                    throw new FileFormatException(file, "holds an unnamed array ('" + e.getName() + "')");
                }
                if (out.containsKey(name)) {
                    throw new FileFormatException(file, "holds two arrays named '" + name + "'");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (IOException z) {
                    // a damaged deflate stream ends in ZipException or EOFException
                    throw new FileFormatException(file, "entry '" + e.getName() + "' is corrupt (" + z.getMessage() + ")", z);
                }
                out.put(name, readNpy(file, name, bytes));
            }
        } catch (ZipException e) {
            throw new FileFormatException(file, "is not a complete .npz (zip) archive: corrupt or truncated ("
                    + e.getMessage() + ")", e);
        }
        return out;
    }

    private static Array readNpy(Path file, String name, byte[] bytes) throws FileFormatException {
        String where = "array '" + name + "'";
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new FileFormatException(file, where + " is not in NPY format");
        }
        int major = bytes[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            offset = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new FileFormatException(file, where + " has a truncated header");
            }
            headerLen = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            offset = 12;
        } else {
            throw new FileFormatException(file, where + " has unsupported NPY version " + major);
        }
        if (offset + headerLen > bytes.length) {
            throw new FileFormatException(file, where + " has a truncated header");
        }
        String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new FileFormatException(file, where + " has a malformed header: " + header.trim());
        }
        String descr = d.group(1);
        boolean f64;
        if (descr.equals("<f4")) {
            f64 = false;
        } else if (descr.equals("<f8")) {
            f64 = true;
        } else {
            throw new FileFormatException(file, where + " has type " + descr + ", expected float32 (<f4) or float64 (<f8)");
        }
        if (o.group(1).equals("True")) {
            throw new FileFormatException(file, where + " is in Fortran order; expected C order");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                try {
                    dims.add(Long.parseLong(part.trim()));
                } catch (NumberFormatException n) {
                    throw new FileFormatException(file, where + " has a malformed shape: (" + s.group(1) + ")");
                }
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long x : shape) {
            count *= x;
        }
        int width = f64 ? 8 : 4;
        long need = count * width;
        long have = bytes.length - offset - headerLen;
        if (have != need) {
            throw new FileFormatException(file, where + " of shape " + Arrays.toString(shape) + " needs " + need
                    + " data bytes but has " + have + (have < need ? " (truncated)" : ""));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset + headerLen, (int) need).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = f64 ? buf.getDouble() : buf.getFloat();
        }
        return new Array(shape, values, f64);
    }

    /** The archive as bytes (for checksums before writing). */
    public static byte[] toBytes(Map<String, Array> arrays) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, arrays);
        return out.toByteArray();
    }
}
