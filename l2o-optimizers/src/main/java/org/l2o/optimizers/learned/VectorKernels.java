package org.l2o.optimizers.learned;

import java.util.Locale;

/**
 * Whether the fused CPU kernels ({@link DmVectorKernel}) may run: they use the JDK's incubating
 * vector API, which the JVM only resolves when started with
 * {@code --add-modules jdk.incubator.vector} (the {@code l2o} launcher and the build do so).
 * The system property {@value #PROPERTY} chooses: {@code auto} (default: the kernel where the
 * module is present and the CPU has SIMD registers, else PyTorch), {@code vector} (the kernel, or
 * an error saying what is missing) or {@code torch} (always PyTorch ops).
 *
 * <p>This class itself does not touch the vector API, so it loads on any JVM.
 */
public final class VectorKernels {

    /** The system property that chooses between the fused kernels and PyTorch ops. */
    public static final String PROPERTY = "l2o.kernel";

    static final String MODULE = "jdk.incubator.vector";

    private VectorKernels() {}

    /**
     * Whether to use the fused kernels, per {@value #PROPERTY}.
     *
     * @throws IllegalArgumentException for a value other than auto, vector or torch
     * @throws IllegalStateException for {@code vector} where the kernels cannot run
     */
    public static boolean enabled() {
        String choice = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "torch":
                return false;
            case "auto":
                return moduleResolved() && DmVectorKernel.hardwareSupported();
            case "vector":
                if (!moduleResolved()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=vector needs the JVM option --add-modules "
                            + MODULE + " (the l2o launcher adds it)");
                }
                return true;
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + "=" + System.getProperty(PROPERTY)
                        + ": expected auto, vector or torch");
        }
    }

    private static boolean moduleResolved() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * Worker threads for a kernel: PyTorch's intra-op thread count where {@code --threads} set it
     * ({@code ai.djl.pytorch.num_threads}), else one per available processor.
     */
    static int threads() {
        Integer configured = Integer.getInteger("ai.djl.pytorch.num_threads");
        return Math.max(1, configured != null ? configured : Runtime.getRuntime().availableProcessors());
    }
}
