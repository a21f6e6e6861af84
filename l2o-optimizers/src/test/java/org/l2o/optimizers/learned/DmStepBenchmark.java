package org.l2o.optimizers.learned;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;
import org.l2o.api.UpdateRule;

/**
 * Step-time benchmark of {@code l2o-dm} on the mlp-relu/mlp-sigmoid layout (784·20+20+20·10+10 =
 * 15,910 coordinates): the median wall time of {@link UpdateRule#step} (meta-test) and of one
 * training-mode step with its share of the backward pass (meta-train). Not a unit test: run with
 * {@code java -cp <test classpath> org.l2o.optimizers.learned.DmStepBenchmark [iterations [coordinates]]};
 * a coordinate count other than 15,910 times one tensor of that size (conv-mnist has 28,682). With
 * {@code -Dai.djl.pytorch.num_threads=1} PyTorch runs every op on the calling thread, so the
 * reported thread CPU time is the step's cost even when other processes load the machine. The
 * meta-test step runs the fused kernel or PyTorch ops as {@code -Dl2o.kernel} chooses (the kernel
 * needs {@code --add-modules jdk.incubator.vector}); its first line says which.
 */
public final class DmStepBenchmark {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private DmStepBenchmark() {}

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        long coordinates = args.length > 1 ? Long.parseLong(args[1]) : 15910;
        List<Shape> layout = coordinates == 15910
                ? List.of(new Shape(784, 20), new Shape(20), new Shape(20, 10), new Shape(10))
                : List.of(new Shape(coordinates));
        L2oDm dm = new L2oDm();
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(1);
            NDList params = new NDList();
            NDList grads = new NDList();
            for (Shape s : layout) {
                params.add(manager.randomNormal(0, 0.1f, s, ai.djl.ndarray.types.DataType.FLOAT32));
                grads.add(manager.randomNormal(0, 0.01f, s, ai.djl.ndarray.types.DataType.FLOAT32));
            }
            System.out.println("pytorch threads=" + System.getProperty("ai.djl.pytorch.num_threads", "default")
                    + " engine=" + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
            try (UpdateRule rule = dm.create(dm.defaults(), params)) {
                System.out.println("meta-test step computed by "
                        + (((LearnedUpdateRule) rule).usesKernel() ? "the fused kernel" : "PyTorch ops"));
                double[] t = new double[iterations];
                double[] cpu = new double[iterations];
                double[] heap = new double[iterations];
                for (int i = 0; i < 50; i++) {
                    rule.step(params, grads, 1.0);
                }
                for (int i = 0; i < iterations; i++) {
                    long c = THREADS.getCurrentThreadCpuTime();
                    long a = allocatedBytes();
                    long s = System.nanoTime();
                    rule.step(params, grads, 1.0);
                    t[i] = (System.nanoTime() - s) / 1e6;
                    cpu[i] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6;
                    heap[i] = (allocatedBytes() - a) / 1024.0;
                }
                report("l2o-dm meta-test step (" + coordinates + " coords), wall", t);
                report("l2o-dm meta-test step (" + coordinates + " coords), CPU time of the calling thread", cpu);
                report("l2o-dm meta-test step (" + coordinates + " coords), Java heap allocated by the calling thread",
                        heap, "KiB");
            }
            // training mode: forward of one step with autograd plus its backward
            LearnedNetwork net = dm.network(dm.defaults());
            MetaParameters phi0 = net.initialize(0);
            FlatLayout fl = new FlatLayout(layout);
            double[] t = new double[Math.max(20, iterations / 5)];
            for (int i = -5; i < t.length; i++) {
                try (NDManager m = manager.newSubManager()) {
                    long s = System.nanoTime();
                    NDList phi = phi0.toNDList(m, true);
                    LearnedNetwork.State st = net.initialState(m, layout);
                    NDArray g = fl.flatten(grads, m);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray d = net.step(phi, st, g, 1.0, LearnedNetwork.Mode.TRAINING);
                        gc.backward(d.mul(g).sum());
                    }
                    if (i >= 0) {
                        t[i] = (System.nanoTime() - s) / 1e6;
                    }
                }
            }
            report("l2o-dm meta-train step forward+backward (" + coordinates + " coords)", t);
        }
    }

    /** Java heap allocated by the calling thread so far (HotSpot's ThreadMXBean extension). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
    }

    private static void report(String what, double[] t) {
        report(what, t, "ms");
    }

    private static void report(String what, double[] t, String unit) {
        double[] s = t.clone();
        Arrays.sort(s);
        System.out.printf("%s: median %.2f %s, p10 %.2f, p90 %.2f over %d%n", what, s[s.length / 2], unit,
                s[s.length / 10], s[s.length * 9 / 10], s.length);
    }
}
