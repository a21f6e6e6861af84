package org.l2o.optimizees.data;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.api.DatasetFormatException;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;

/**
 * {@code cifar10}: 32×32 colour images in 10 classes (Krizhevsky, "Learning Multiple Layers of
 * Features from Tiny Images", 2009), binary version: files {@code data_batch_1.bin} ...
 * {@code data_batch_5.bin} (train) and {@code test_batch.bin} (test), each a sequence of
 * 3,073-byte records: one label byte 0..9, then 1,024 red, 1,024 green and 1,024 blue pixels,
 * row-major. Samples have shape (3, 32, 32). Read from {@link DatasetOptions#dataDir()}, which
 * is required (the folder holding the files, or its parent holding
 * {@code cifar-10-batches-bin/}).
 *
 * <p>Every file's length is checked before anything is read; with no {@code shuffle} only the
 * records kept by the size caps are read.
 */
public final class Cifar10Dataset extends ImageDataset {


    static final int CLASSES = 10;
    static final int PIXELS = 3 * 32 * 32;
    static final int RECORD = 1 + PIXELS;
    /** Records in each file of the official distribution. */
    static final int STANDARD_RECORDS = 10_000;
    static final Shape SHAPE = new Shape(3, 32, 32);
    static final List<String> TRAIN_FILES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    static final List<String> TEST_FILES = List.of("test_batch.bin");
    /** The folder the official tarball unpacks to. */
    static final String SUBDIR = "cifar-10-batches-bin";

    @Override
    public String name() {
        return "cifar10";
    }

    @Override
    public String description() {
        return "CIFAR-10 (Krizhevsky 2009), 3x32x32, 10 classes, 50,000 train / 10,000 test, "
                + "binary version from --data-dir (required)";
    }

    /** Guards against files cut on a record boundary, which no length check can see. */
    static final HyperParameter<Integer> RECORDS_PER_FILE = HyperParameter.ofInt("records-per-file", STANDARD_RECORDS,
            0, Integer.MAX_VALUE, "records every file must hold (the official files hold 10000); 0 accepts any "
            + "number of whole records");

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        List<HyperParameter<?>> all = new ArrayList<>(super.hyperParameters());
        all.add(RECORDS_PER_FILE);
        return List.copyOf(all);
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("shape", SHAPE.toString());
        d.put("classes", CLASSES);
        d.put("files", String.join(", ", TRAIN_FILES) + ", " + TEST_FILES.get(0)
                + " (1 label byte + 3072 pixel bytes per record) in --data-dir or --data-dir/" + SUBDIR);
        return d;
    }

    @Override
    protected RawImages[] read(HyperParameters hp, DatasetOptions options, Selection train, Selection test) throws IOException {
        Path given = options.dataDir().orElseThrow(() -> new IllegalArgumentException("dataset 'cifar10' needs "
                + "--data-dir: the folder holding " + TRAIN_FILES.get(0) + " ... " + TEST_FILES.get(0)
                + " (the binary version of CIFAR-10, https://www.cs.toronto.edu/~kriz/cifar.html)"));
        Path dir = locate(given);
        int perFile = hp.getInt(RECORDS_PER_FILE.name());
        return new RawImages[] {readSplit(dir, TRAIN_FILES, train, perFile), readSplit(dir, TEST_FILES, test, perFile)};
    }

    /** The folder itself, or its {@code cifar-10-batches-bin} child when only that holds the files. */
    static Path locate(Path dir) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "data directory does not exist");
        }
        Path nested = dir.resolve(SUBDIR);
        if (!Files.exists(dir.resolve(TRAIN_FILES.get(0))) && Files.isDirectory(nested)) {
            return nested;
        }
        return dir;
    }

    /** Reads the records kept by {@code selection} from {@code names} in {@code dir}. */
    static RawImages readSplit(Path dir, List<String> names, Selection selection, int perFile) throws IOException {
        List<Path> files = new ArrayList<>();
        long[] starts = new long[names.size() + 1];
        for (int f = 0; f < names.size(); f++) {
            Path file = dir.resolve(names.get(f));
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null,
                        "missing; the CIFAR-10 binary version has " + String.join(", ", names));
            }
            long length = Files.size(file);
            if (length == 0) {
                throw new DatasetFormatException(file, "empty file, expected 3073-byte CIFAR-10 records");
            }
            if (length % RECORD != 0) {
                throw new DatasetFormatException(file, "length " + length + " is not a multiple of the " + RECORD
                        + "-byte record (1 label byte + " + PIXELS + " pixel bytes): truncated, or not the binary "
                        + "version of CIFAR-10 (" + length / RECORD + " whole records and " + length % RECORD
                        + " bytes left over)");
            }
            long records = length / RECORD;
            if (perFile > 0 && records != perFile) {
                throw new DatasetFormatException(file, "holds " + records + " records, expected " + perFile
                        + " (the official files hold " + STANDARD_RECORDS + "); a file cut on a record boundary "
                        + "looks like this. Set --records-per-file 0 to accept any number of whole records");
            }
            files.add(file);
            starts[f + 1] = starts[f] + records;
        }
        long total = starts[names.size()];
        if (total > Integer.MAX_VALUE / PIXELS) {
            throw new DatasetFormatException(files.get(0), total + " records in " + names
                    + " are more than one Java array holds");
        }
        int[] chosen = selection.choose((int) total);
        byte[] pixels = new byte[chosen.length * PIXELS];
        int[] labels = new int[chosen.length];
        // Visit the chosen records file by file in ascending order, writing each to its slot.
        Integer[] bySource = new Integer[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            bySource[i] = i;
        }
        java.util.Arrays.sort(bySource, (a, b) -> Integer.compare(chosen[a], chosen[b]));
        ByteBuffer record = ByteBuffer.allocate(RECORD);
        int next = 0;
        for (int f = 0; f < files.size() && next < chosen.length; f++) {
            if (chosen[bySource[next]] >= starts[f + 1]) {
                continue;
            }
            Path file = files.get(f);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (next < chosen.length && chosen[bySource[next]] < starts[f + 1]) {
                    int slot = bySource[next];
                    long r = chosen[slot] - starts[f];
                    record.clear();
                    long position = r * RECORD;
                    while (record.hasRemaining()) {
                        int n = channel.read(record, position + record.position());
                        if (n < 0) {
                            throw new DatasetFormatException(file, "truncated while reading record " + r
                                    + " (the file shrank after its length was checked)");
                        }
                    }
                    int label = record.get(0) & 0xff;
                    if (label >= CLASSES) {
                        throw new DatasetFormatException(file, "record " + r + " (byte offset " + position
                                + ") has label " + label + ", outside 0.." + (CLASSES - 1));
                    }
                    labels[slot] = label;
                    System.arraycopy(record.array(), 1, pixels, slot * PIXELS, PIXELS);
                    next++;
                }
            }
        }
        return new RawImages(pixels, labels, SHAPE, CLASSES);
    }
}
