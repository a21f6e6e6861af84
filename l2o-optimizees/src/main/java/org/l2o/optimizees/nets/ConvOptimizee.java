package org.l2o.optimizees.nets;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.stream.Collectors;
import org.l2o.api.DataSpec;
import org.l2o.api.HyperParameters;
import org.l2o.optimizees.nets.ConvObjective.ConvLayer;

/**
 * The convolutional optimizees of Yang et al., "Learning to Generalize Provably in Learning to
 * Optimize" (AISTATS 2023, §5: Conv-MNIST, Conv-Large-MNIST, Conv-CIFAR) and the small CNN of
 * L2O-Scale (Wichrowska et al., "Learned Optimizers that Scale and Generalize", ICML 2017).
 * Each takes samples of shape (C, H, W) with its fixed channel count C and any H, W large
 * enough for its pools; the fully connected layer is sized for the H, W of the data.
 */
public abstract class ConvOptimizee extends NetOptimizee {

    private final String name;
    private final String description;
    private final DataSpec defaultData;
    private final List<ConvLayer> convs;

    protected ConvOptimizee(String name, String description, DataSpec defaultData, List<ConvLayer> convs) {
        this.name = name;
        this.description = description;
        this.defaultData = defaultData;
        this.convs = List.copyOf(convs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public DataSpec defaultData() {
        return defaultData;
    }

    /** The channel count of the samples this net takes. */
    public long channels() {
        return defaultData.sampleShape().get(0);
    }

    @Override
    protected String architecture() {
        return convs.stream()
                .map(c -> "conv" + c.kernel() + "x" + c.kernel() + "(" + c.channels() + ", same) -> relu"
                        + (c.poolAfter() ? " -> maxpool2x2" : ""))
                .collect(Collectors.joining(" -> ")) + " -> flatten -> linear(classes) -> softmax cross-entropy";
    }

    @Override
    protected ClassifierObjective build(HyperParameters hp, DataSpec data) {
        Shape s = data.sampleShape();
        long side = 1L << ConvObjective.pools(convs);
        if (s.dimension() != 3 || s.get(0) != channels() || s.get(1) < side || s.get(2) < side) {
            throw new IllegalArgumentException("optimizee '" + name + "' expects samples of shape (" + channels()
                    + ", H, W) with H, W >= " + side + ", e.g. " + defaultData.sampleShape()
                    + "; the data gives " + s);
        }
        return new ConvObjective(name, s, data.numClasses(), convs);
    }

    /** {@code conv-mnist}: conv 16 3×3 → conv 32 5×5 → fc, ReLU and 2×2 max-pool after each conv. */
    public static final class Mnist extends ConvOptimizee {
        public Mnist() {
            super("conv-mnist", "CNN conv16 3x3 -> conv32 5x5 -> fc, ReLU and 2x2 max-pool after each conv, on"
                    + " (1, H, W) images; Conv-MNIST of Yang et al. (AISTATS 2023)", MNIST,
                    List.of(new ConvLayer(16, 3, true), new ConvLayer(32, 5, true)));
        }
    }

    /**
     * {@code conv-large-mnist}: two conv 32 3×3 and two conv 32 5×5, then fc. The paper does not
     * say where it pools; we pool after the second and the fourth convolution (after each pair),
     * so the fc layer sees 32×7×7 features on MNIST as Conv-MNIST's does.
     */
    public static final class LargeMnist extends ConvOptimizee {
        public LargeMnist() {
            super("conv-large-mnist", "CNN conv32 3x3 -> conv32 3x3 -> pool -> conv32 5x5 -> conv32 5x5 -> pool -> fc,"
                    + " ReLU after each conv, on (1, H, W) images; Conv-Large-MNIST of Yang et al. (AISTATS 2023)",
                    MNIST, List.of(new ConvLayer(32, 3, false), new ConvLayer(32, 3, true),
                            new ConvLayer(32, 5, false), new ConvLayer(32, 5, true)));
        }
    }

    /** {@code conv-cifar}: Conv-MNIST's layers on 3-channel images. */
    public static final class Cifar extends ConvOptimizee {
        public Cifar() {
            super("conv-cifar", "CNN conv16 3x3 -> conv32 5x5 -> fc, ReLU and 2x2 max-pool after each conv, on"
                    + " (3, H, W) images; Conv-CIFAR of Yang et al. (AISTATS 2023)", CIFAR,
                    List.of(new ConvLayer(16, 3, true), new ConvLayer(32, 5, true)));
        }
    }

    /** {@code conv-small}: L2O-Scale's small CNN, two 8-channel convolutions (3×3, 5×5), then fc. */
    public static final class Small extends ConvOptimizee {
        public Small() {
            super("conv-small", "small CNN conv8 3x3 -> conv8 5x5 -> fc, ReLU and 2x2 max-pool after each conv, on"
                    + " (1, H, W) images; the small ConvNet L2O-Scale (Wichrowska et al. 2017) meta-trains on",
                    MNIST, List.of(new ConvLayer(8, 3, true), new ConvLayer(8, 5, true)));
        }
    }
}
