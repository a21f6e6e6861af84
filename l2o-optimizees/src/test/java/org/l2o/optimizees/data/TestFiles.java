package org.l2o.optimizees.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files in the standard formats, and broken variants of them. */
final class TestFiles {

    private TestFiles() {}

    /** The bytes of an IDX file of unsigned bytes. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    /** Random pixels for {@code n} images of {@code size} bytes. */
    static byte[] pixels(int n, int size, long seed) {
        byte[] p = new byte[n * size];
        new Random(seed).nextBytes(p);
        return p;
    }

    /** Labels 0..9 cycling from {@code offset}. */
    static byte[] labels(int n, int offset) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) ((i + offset) % 10);
        }
        return l;
    }

    /** A valid MNIST-layout folder: {@code train} and {@code test} images, optionally gzipped. */
    static void mnistFolder(Path dir, int train, int test, boolean gz) throws IOException {
        writeSplit(dir, "train", pixels(train, 784, 1), labels(train, 0), gz);
        writeSplit(dir, "t10k", pixels(test, 784, 2), labels(test, 3), gz);
    }

    static void writeSplit(Path dir, String prefix, byte[] pixels, byte[] labels, boolean gz) throws IOException {
        byte[] images = idx(new int[] {pixels.length / 784, 28, 28}, pixels);
        byte[] lab = idx(new int[] {labels.length}, labels);
        String suffix = gz ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gz ? gzip(images) : images);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gz ? gzip(lab) : lab);
    }

    /** CIFAR-10 binary records: label (i + offset) % 10, pixel p of record i = (i * 7 + p + offset) & 0xff. */
    static byte[] cifarRecords(int n, int offset) {
        byte[] b = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            b[i * 3073] = (byte) ((i + offset) % 10);
            for (int p = 0; p < 3072; p++) {
                b[i * 3073 + 1 + p] = (byte) (i * 7 + p + offset);
            }
        }
        return b;
    }

    /** A valid CIFAR-10 folder with {@code perFile} records in each of the six files. */
    static void cifarFolder(Path dir, int perFile) throws IOException {
        Files.createDirectories(dir);
        for (int k = 1; k <= 5; k++) {
            write(dir.resolve("data_batch_" + k + ".bin"), cifarRecords(perFile, 100 * k));
        }
        write(dir.resolve("test_batch.bin"), cifarRecords(perFile, 0));
    }
}
