package org.l2o.optimizees.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.l2o.api.Objective;

/**
 * A convolutional classifier: square convolutions with stride 1 and "same" zero padding
 * (k/2 on each side), each followed by ReLU and, where the layer says so, a 2×2 max-pool with
 * stride 2 (flooring odd sizes; computed as pool-then-ReLU, which is the same function); then one fully connected layer on the flattened (C, H, W)
 * features. Parameters {@code convI.weight} (out, in, k, k), {@code convI.bias} (out),
 * {@code fc.weight} (classes, C·H·W), {@code fc.bias} (classes), the layouts of PyTorch's
 * {@code nn.Conv2d} and {@code nn.Linear}. Weights are drawn from a normal truncated at two
 * standard deviations with std 1/√fan-in and biases are zero (Sonnet's defaults, used by the
 * TensorFlow L2O reference code).
 */
public final class ConvObjective extends ClassifierObjective {

    /**
     * One convolution.
     *
     * @param channels output channels
     * @param kernel kernel side (odd)
     * @param poolAfter whether a 2×2 max-pool follows the ReLU
     */
    public record ConvLayer(int channels, int kernel, boolean poolAfter) {
        public ConvLayer {
            if (channels < 1 || kernel < 1 || kernel % 2 == 0) {
                throw new IllegalArgumentException("a conv layer needs channels >= 1 and an odd kernel, got "
                        + channels + " channels, kernel " + kernel);
            }
        }
    }

    private static final Shape UNIT = new Shape(1, 1);
    private static final Shape POOL = new Shape(2, 2);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final List<ConvLayer> convs;
    private final Shape[] paddings;

    /**
     * @param optimizee the plugin name, for messages
     * @param sampleShape (C, H, W)
     * @param numClasses outputs
     * @param convs the convolutions in order
     */
    public ConvObjective(String optimizee, Shape sampleShape, int numClasses, List<ConvLayer> convs) {
        super(optimizee, sampleShape, numClasses, layout(sampleShape, numClasses, convs), inits(sampleShape, convs));
        this.convs = List.copyOf(convs);
        this.paddings = new Shape[convs.size()];
        for (int i = 0; i < convs.size(); i++) {
            int pad = convs.get(i).kernel() / 2;
            paddings[i] = new Shape(pad, pad);
        }
    }

    /** The number of 2×2 pools, so inputs must be at least 2^pools on each side. */
    static int pools(List<ConvLayer> convs) {
        return (int) convs.stream().filter(ConvLayer::poolAfter).count();
    }

    private static long[] featureShape(Shape sample, List<ConvLayer> convs) {
        long c = sample.get(0);
        long h = sample.get(1);
        long w = sample.get(2);
        for (ConvLayer layer : convs) {
            c = layer.channels();
            if (layer.poolAfter()) {
                h /= 2;
                w /= 2;
            }
        }
        return new long[] {c, h, w};
    }

    private static List<Objective.ParameterSpec> layout(Shape sample, int classes, List<ConvLayer> convs) {
        List<Objective.ParameterSpec> specs = new ArrayList<>();
        long in = sample.get(0);
        for (int i = 0; i < convs.size(); i++) {
            ConvLayer layer = convs.get(i);
            specs.add(new Objective.ParameterSpec("conv" + (i + 1) + ".weight",
                    new Shape(layer.channels(), in, layer.kernel(), layer.kernel())));
            specs.add(new Objective.ParameterSpec("conv" + (i + 1) + ".bias", new Shape(layer.channels())));
            in = layer.channels();
        }
        long[] f = featureShape(sample, convs);
        specs.add(new Objective.ParameterSpec("fc.weight", new Shape(classes, f[0] * f[1] * f[2])));
        specs.add(new Objective.ParameterSpec("fc.bias", new Shape(classes)));
        return specs;
    }

    private static List<ParameterInit> inits(Shape sample, List<ConvLayer> convs) {
        List<ParameterInit> out = new ArrayList<>();
        long in = sample.get(0);
        for (ConvLayer layer : convs) {
            out.add(ParameterInit.truncatedNormal(1 / Math.sqrt((double) in * layer.kernel() * layer.kernel())));
            out.add(ParameterInit.zeros());
            in = layer.channels();
        }
        long[] f = featureShape(sample, convs);
        out.add(ParameterInit.truncatedNormal(1 / Math.sqrt((double) f[0] * f[1] * f[2])));
        out.add(ParameterInit.zeros());
        return out;
    }

    public List<ConvLayer> convolutions() {
        return convs;
    }

    @Override
    protected NDArray logits(NDList p, NDArray inputs) {
        NDArray h = inputs;
        for (int i = 0; i < convs.size(); i++) {
            NDArray z = h.getNDArrayInternal()
                    .convolution(h, p.get(2 * i), p.get(2 * i + 1), UNIT, paddings[i], UNIT, 1)
                    .singletonOrThrow();
            if (h != inputs) {
                h.close();
            }
            // max-pool before ReLU: relu(maxpool(z)) = maxpool(relu(z)) since ReLU is monotone, and
            // the ReLU (forward and backward) then touches a quarter of the elements.
            NDArray pooled = z;
            if (convs.get(i).poolAfter()) {
                pooled = z.getNDArrayInternal().maxPool(POOL, POOL, NO_PAD, false);
                z.close();
            }
            h = pooled.getNDArrayInternal().relu();
            pooled.close();
        }
        NDArray flat = h.reshape(h.getShape().get(0), -1);
        if (h != inputs) {
            h.close();
        }
        int fc = 2 * convs.size();
        NDArray out = flat.getNDArrayInternal().linear(flat, p.get(fc), p.get(fc + 1)).singletonOrThrow();
        flat.close();
        return out;
    }
}
