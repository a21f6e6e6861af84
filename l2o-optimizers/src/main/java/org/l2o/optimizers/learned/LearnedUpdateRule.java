package org.l2o.optimizers.learned;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.l2o.api.UpdateRule;

/**
 * A learned optimizer applied to one parameter list: θ ← θ + m(∇L; φ) with constant φ.
 *
 * <p>Lifecycle: built from a network and its meta-parameters for one parameter list; each
 * {@link #step} runs the network in {@link LearnedNetwork.Mode#INFERENCE} inside a temporary
 * sub-manager, so native memory stays flat; {@link #close} frees φ and the recurrent state.
 * Parameters on the CPU go through the network's fused {@link InferenceKernel} where it has one
 * ({@link LearnedNetwork#inferenceKernel}), others through its PyTorch ops.
 */
public final class LearnedUpdateRule implements UpdateRule {

    private final LearnedNetwork network;
    private final NDManager manager;
    private final FlatLayout layout;
    private final InferenceKernel kernel;
    /*
     * The kernel's output, kept across steps: a fresh direct buffer per step piled up (direct
     * buffers are freed only by a garbage collection, which a small Java heap rarely needs).
     */
    private final ByteBuffer kernelDeltaBytes;
    private final NDList phi;
    private final LearnedNetwork.State state;

    /**
     * @param network the architecture
     * @param metaParameters φ (copied into native arrays, or into the kernel)
     * @param parameters the parameters the rule will update; their manager is the parent of this rule's
     */
    public LearnedUpdateRule(LearnedNetwork network, MetaParameters metaParameters, NDList parameters) {
        if (!metaParameters.specs().equals(network.parameterSpecs())) {
            throw new IllegalArgumentException("meta-parameters " + metaParameters.specs()
                    + " do not fit architecture " + network.architecture() + " " + network.parameterSpecs());
        }
        this.network = network;
        this.manager = parameters.get(0).getManager().newSubManager();
        this.layout = FlatLayout.of(parameters);
        boolean cpu = parameters.get(0).getDevice().getDeviceType().equals(Device.Type.CPU);
        this.kernel = cpu ? network.inferenceKernel(metaParameters, layout.shapes()).orElse(null) : null;
        this.kernelDeltaBytes = kernel == null ? null
                : ByteBuffer.allocateDirect(Math.toIntExact(Float.BYTES * layout.size())).order(ByteOrder.nativeOrder());
        this.phi = kernel == null ? metaParameters.toNDList(manager, false) : null;
        this.state = kernel == null ? network.initialState(manager, layout.shapes()) : null;
    }

    /** Whether steps run the network's fused CPU kernel rather than its PyTorch ops. */
    public boolean usesKernel() {
        return kernel != null;
    }

    /**
     * The update Δ the network proposes for the gradients, without applying it: owned by tmp; with
     * the kernel its memory is the rule's buffer, which the next call overwrites.
     */
    private NDArray propose(NDList gradients, double loss, NDManager tmp) {
        NDArray g = layout.flatten(gradients, tmp);
        if (kernel == null) {
            return network.step(phi, state, g, loss, LearnedNetwork.Mode.INFERENCE);
        }
        // the gradient: a direct view of the tensor's memory where PyTorch allows one, else a copy
        kernel.step(g.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer(), kernelDeltaBytes.asFloatBuffer());
        // PyTorch wraps a direct buffer without copying (NDArray#set would copy, but logs a
        // deprecation warning from inside PyTorch)
        return tmp.create(kernelDeltaBytes, new Shape(layout.size(), 1), DataType.FLOAT32);
    }

    @Override
    public void step(NDList parameters, NDList gradients, double loss) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray delta = propose(gradients, loss, tmp);
            NDList pieces = layout.unflatten(delta);
            for (int i = 0; i < pieces.size(); i++) {
                parameters.get(i).addi(pieces.get(i));
            }
        }
    }

    @Override
    public void close() {
        if (kernel != null) {
            kernel.close();
        } else {
            state.close();
        }
        manager.close();
    }
}
