package org.l2o.optimizees.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.l2o.api.Batch;
import org.l2o.api.BatchSampler;
import org.l2o.api.DataSpec;
import org.l2o.api.LabeledData;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;

/**
 * Timing harness (not a test): median wall time of one plain SGD step (batch built from heap
 * data in a per-step sub-manager, forward, backward, in-place update, gradient reset) per
 * optimizee, and resident memory after 1,000 and 10,000 steps.
 *
 * <p>Arguments: {@code [optimizee,...] [--batch B] [--steps N] [--warmup W] [--memory STEPS]}.
 * Run it as the README's "optimizees" section shows.
 */
public final class StepBenchmark {

    private StepBenchmark() {}

    public static void main(String[] args) throws IOException {
        List<String> names = new ArrayList<>(List.of("mlp-relu", "conv-mnist"));
        int batchSize = 128;
        int steps = 2000;
        int warmup = 300;
        int memorySteps = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batchSize = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--memory" -> memorySteps = Integer.parseInt(args[++i]);
                default -> names = Arrays.asList(args[i].split(","));
            }
        }
        Map<String, Optimizee> plugins = new LinkedHashMap<>();
        ServiceLoader.load(Optimizee.class).forEach(p -> plugins.put(p.name(), p));
        Engine engine = Engine.getInstance();
        System.out.printf("engine %s %s, %d intra-op threads requested by ai.djl.pytorch.num_threads=%s%n",
                engine.getEngineName(), engine.getVersion(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "(default)"));
        for (String name : names) {
            Optimizee optimizee = plugins.get(name);
            if (optimizee == null) {
                throw new IllegalArgumentException("no optimizee '" + name + "'; known: " + plugins.keySet());
            }
            run(engine, optimizee, batchSize, steps, warmup, memorySteps);
        }
    }

    private static void run(Engine engine, Optimizee optimizee, int batchSize, int steps, int warmup, int memorySteps) {
        DataSpec spec = optimizee.needsData()
                ? new DataSpec(optimizee.name().contains("cifar") ? new Shape(3, 32, 32) : new Shape(1, 28, 28), 10)
                : DataSpec.NONE;
        Objective objective = optimizee.create(optimizee.defaults(), spec);
        LabeledData data = optimizee.needsData() ? synthetic(spec, 4096, 1) : null;
        BatchSampler sampler = data == null ? null : new BatchSampler(data.size(), batchSize, 2);
        try (NDManager root = NDManager.newBaseManager()) {
            NDList params = objective.initialize(root, 3);
            params.forEach(p -> p.setRequiresGradient(true));
            NDArray lr = root.create(0.01f);
            for (int i = 0; i < warmup; i++) {
                step(engine, objective, params, data, sampler, lr);
            }
            long[] nanos = new long[steps];
            double loss = 0;
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                loss = step(engine, objective, params, data, sampler, lr);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf("%-18s batch %d, %d params: median %.3f ms, p10 %.3f ms, p90 %.3f ms over %d steps"
                            + " (last loss %.4f)%n",
                    optimizee.name(), batchSize, objective.parameterCount(), nanos[steps / 2] / 1e6,
                    nanos[steps / 10] / 1e6, nanos[steps * 9 / 10] / 1e6, steps, loss);
            if (memorySteps > 0) {
                // Resident memory at checkpoints of a fresh count of steps (heap fixed by -Xms = -Xmx).
                StringBuilder line = new StringBuilder();
                long first = 0;
                long last = 0;
                int done = 0;
                for (int checkpoint : new int[] {1000, 2000, 5000, 10000, 20000, 50000}) {
                    if (checkpoint > memorySteps) {
                        break;
                    }
                    for (; done < checkpoint; done++) {
                        step(engine, objective, params, data, sampler, lr);
                    }
                    last = rssKb();
                    first = first == 0 ? last : first;
                    line.append(String.format(" %d: %d KiB;", checkpoint, last));
                }
                System.out.printf("%-18s resident memory after steps%s change from 1000 steps %+.2f%%%n",
                        optimizee.name(), line, 100.0 * (last - first) / first);
            }
        }
    }

    /** One SGD step; returns the loss. */
    static double step(Engine engine, Objective objective, NDList params, LabeledData data, BatchSampler sampler,
            NDArray lr) {
        try (NDManager manager = params.get(0).getManager().newSubManager()) {
            Batch batch = data == null ? Batch.empty() : data.batch(manager, sampler.next());
            double value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray loss = objective.loss(params, batch);
                loss.attach(manager); // the quadratic's loss lives with theta
                collector.backward(loss);
                value = loss.getFloat();
            }
            for (NDArray p : params) {
                try (NDArray g = p.getGradient()) {
                    g.muli(lr);
                    p.subi(g);
                    g.subi(g); // PyTorch accumulates into .grad: reset it for the next step
                }
            }
            return value;
        }
    }

    /** Random inputs in [0, 1) and random labels, seeded. */
    static LabeledData synthetic(DataSpec spec, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int f = Math.toIntExact(spec.featureCount());
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(spec.numClasses());
        }
        return new LabeledData(x, y, spec.sampleShape(), spec.numClasses());
    }

    private static long rssKb() {
        System.gc();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        return -1;
    }
}
