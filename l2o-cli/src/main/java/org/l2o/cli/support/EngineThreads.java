package org.l2o.cli.support;

/** The {@code --threads} setting of the commands that run PyTorch: intra-op threads, one inter-op thread. */
public final class EngineThreads {

    private EngineThreads() {}

    /**
     * Applies {@code --threads} before the engine first starts; {@code null} keeps PyTorch's choice.
     *
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public static void apply(Integer threads) {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
