package org.l2o.optimizees.data;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.l2o.api.DatasetFormatException;
import org.l2o.optimizees.data.IdxReader.IdxArray;

/**
 * A dataset in the layout of the MNIST distribution: four IDX files
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each plain or gzipped ({@code .gz}), of 28×28 grey images with
 * labels 0..9. Shared by {@code mnist} and {@code fashion-mnist}.
 */
public abstract class IdxImageDataset extends ImageDataset {

    static final int SIDE = 28;
    static final int CLASSES = 10;
    static final Shape SHAPE = new Shape(1, SIDE, SIDE);

    /** Where IDX files come from: a folder or resources in the jar. */
    interface Source {
        /** Reads the IDX file with the standard name {@code base} (e.g. "train-images-idx3-ubyte"). */
        IdxArray read(String base, int dims) throws IOException;
    }

    /** Reads from a folder, accepting the usual spellings of the standard names. */
    record DirectorySource(Path dir) implements Source {
        @Override
        public IdxArray read(String base, int dims) throws IOException {
            return IdxReader.read(resolve(dir, base), dims);
        }
    }

    /** Reads gzipped resources {@code prefix + base + ".gz"} from the class path. */
    record ClasspathSource(String prefix) implements Source {
        @Override
        public IdxArray read(String base, int dims) throws IOException {
            String name = prefix + base + ".gz";
            Path label = Path.of("classpath:", name);
            try (InputStream in = IdxImageDataset.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new NoSuchFileException(label.toString(), null, "resource missing from the jar");
                }
                return IdxReader.read(in, label, -1, dims);
            }
        }
    }

    /**
     * Finds {@code base} in {@code dir} as {@code base}, {@code base.gz}, or with '.' before
     * "idx" (as some unpackers write it).
     *
     * @throws NoSuchFileException naming the folder and every name tried
     */
    static Path resolve(Path dir, String base) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "data directory does not exist");
        }
        List<String> tried = new ArrayList<>();
        String dotted = base.replace("-idx", ".idx");
        for (String name : List.of(base, base + ".gz", dotted, dotted + ".gz")) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
            tried.add(name);
        }
        throw new NoSuchFileException(dir.resolve(base).toString(), null,
                "missing; looked for " + String.join(", ", tried) + " in " + dir);
    }

    /** Reads one split ("train" or "t10k"), checks it, and keeps the selected samples. */
    static RawImages readSplit(Source source, String prefix, Selection selection) throws IOException {
        IdxArray images = source.read(prefix + "-images-idx3-ubyte", 3);
        IdxArray labels = source.read(prefix + "-labels-idx1-ubyte", 1);
        if (images.dims()[1] != SIDE || images.dims()[2] != SIDE) {
            throw new DatasetFormatException(images.source(), "holds " + images.dims()[1] + "×" + images.dims()[2]
                    + " images, expected " + SIDE + "×" + SIDE);
        }
        if (images.count() == 0) {
            throw new DatasetFormatException(images.source(), "holds no images");
        }
        if (labels.count() != images.count()) {
            throw new DatasetFormatException(labels.source(), "holds " + labels.count() + " labels but "
                    + images.source().getFileName() + " holds " + images.count() + " images; they must match");
        }
        byte[] labelBytes = labels.data();
        for (int i = 0; i < labelBytes.length; i++) {
            if ((labelBytes[i] & 0xff) >= CLASSES) {
                throw new DatasetFormatException(labels.source(), "label " + (labelBytes[i] & 0xff) + " of item " + i
                        + " is outside 0.." + (CLASSES - 1));
            }
        }
        int[] chosen = selection.choose(images.count());
        int size = SIDE * SIDE;
        byte[] pixels = new byte[chosen.length * size];
        int[] y = new int[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(images.data(), chosen[i] * size, pixels, i * size, size);
            y[i] = labelBytes[chosen[i]];
        }
        return new RawImages(pixels, y, SHAPE, CLASSES);
    }

    /** Reads both splits from {@code source}. */
    static RawImages[] readBoth(Source source, Selection train, Selection test) throws IOException {
        return new RawImages[] {readSplit(source, "train", train), readSplit(source, "t10k", test)};
    }
}
