package org.l2o.optimizees.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;

/**
 * {@code fashion-mnist}: Zalando's article images, 1×28×28 grey, 10 classes, in MNIST's IDX
 * layout (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a Novel Image Dataset for Benchmarking
 * Machine Learning Algorithms", arXiv:1708.07747, 2017). Read from
 * {@link DatasetOptions#dataDir()}, by default {@value #DEFAULT_DIR}, where Debian's package
 * {@code dataset-fashion-mnist} installs the gzipped files.
 */
public final class FashionMnistDataset extends IdxImageDataset {

    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

    private final Path defaultDir;

    /** Reads from {@link DatasetOptions#dataDir()} or {@value #DEFAULT_DIR}. */
    public FashionMnistDataset() {
        this(Path.of(DEFAULT_DIR));
    }

    /** For tests: a different default folder. */
    FashionMnistDataset(Path defaultDir) {
        this.defaultDir = defaultDir;
    }

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public String description() {
        return "Fashion-MNIST (Xiao et al. 2017), 1x28x28, 10 classes, 60,000 train / 10,000 test, "
                + "IDX files from --data-dir (default " + DEFAULT_DIR + ")";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("shape", SHAPE.toString());
        d.put("classes", CLASSES);
        d.put("default-dir", DEFAULT_DIR + " (Debian package dataset-fashion-mnist)");
        d.put("files", "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                + "t10k-labels-idx1-ubyte (each optionally .gz)");
        return d;
    }

    @Override
    protected RawImages[] read(HyperParameters hp, DatasetOptions options, Selection train, Selection test) throws IOException {
        Path dir = options.dataDir().orElse(defaultDir);
        if (options.dataDir().isEmpty() && !Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no Fashion-MNIST here; install the Debian "
                    + "package dataset-fashion-mnist or pass --data-dir with the four IDX files");
        }
        return readBoth(new DirectorySource(dir), train, test);
    }
}
