package org.l2o.optimizers.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.DataSplits;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.optimizers.analytical.AdamOptimizer;
import org.l2o.optimizers.analytical.SgdOptimizer;

/** The training harness on small objectives whose behaviour is known. */
class TrainingHarnessTest {

    private static final DataSplits BLOBS = SoftmaxRegression.blobs(5, 3, 600, 300, 2.0, 42);

    private static TrainingSpec.Builder blobs(Optimizer o, Map<String, String> values) {
        return TrainingSpec.builder().setOptimizer(o, HyperParameters.parse(o, values))
                .setObjective(SoftmaxRegression.objective(5, 3)).optData(BLOBS).optBatchSize(32);
    }

    @Test
    void learnsSeparableDataAndEvaluatesOnSchedule() throws IOException {
        List<Long> steps = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void stepDone(long seed, int step, double loss) {
                steps.add((long) step);
            }
        };
        TrainingReport report = new TrainingHarness(listener).run(blobs(new AdamOptimizer(), Map.of("lr", "0.05"))
                .setSteps(130).optEvalEvery(50).optSeeds(List.of(1L, 2L)).build());
        assertEquals(260, steps.size());
        for (SeedResult r : report.seeds()) {
            assertEquals(130, r.trainLoss().length);
            assertEquals(List.of(0, 50, 100, 130), r.evaluations().stream().map(EvalPoint::step).toList());
            EvalPoint first = r.evaluations().get(0);
            EvalPoint last = r.lastEvaluation();
            assertTrue(last.testLoss() < 0.5 * first.testLoss(), first + " -> " + last);
            assertTrue(last.testAccuracy() > 0.9, "accuracy " + last.testAccuracy());
            assertTrue(r.stepsPerSecond() > 0);
            assertTrue(!r.diverged());
        }
        assertEquals(2, report.finalTestAccuracy().n());
        assertTrue(report.finalTrainLoss().mean() < 0.5, "" + report.finalTrainLoss());
        Map<String, Object> summary = report.summary();
        assertEquals("adam", summary.get("optimizer"));
        assertEquals(List.of(), summary.get("diverged"));
    }

    @Test
    void equalSeedsGiveEqualRunsAndDifferentSeedsDiffer() throws IOException {
        TrainingSpec spec = blobs(new SgdOptimizer(), Map.of("lr", "0.1", "momentum", "0.9"))
                .setSteps(20).optSeeds(List.of(5L)).build();
        TrainingHarness harness = new TrainingHarness();
        float[] a = harness.runSeed(spec, 5).trainLoss();
        float[] b = harness.runSeed(spec, 5).trainLoss();
        float[] c = harness.runSeed(spec, 6).trainLoss();
        assertArrayEquals(a, b);
        assertTrue(a[3] != c[3]);
    }

    /** The step at which 2·‖θ‖² (θ of 4 equal entries, multiplied by −9 per step) overflows float32. */
    private static int expectedDivergence(float theta0) {
        float theta = theta0;
        for (int step = 1; ; step++) {
            float loss = 0.5f * (theta * theta * 4);
            if (!Float.isFinite(loss)) {
                return step;
            }
            theta = theta - 10f * theta;
        }
    }

    @Test
    void aDivergingSeedStopsAndTheOthersGoOn(@TempDir Path dir) throws IOException {
        SgdOptimizer sgd = new SgdOptimizer();
        TrainingSpec spec = TrainingSpec.builder().setOptimizer(sgd, HyperParameters.parse(sgd, Map.of("lr", "10")))
                .setObjective(new Quadratic(4, 1f)).setSteps(60).optEvalEvery(10)
                .optSeeds(List.of(1L, 2L, 3L)).optSaveParams(dir.resolve("p.npz")).build();
        TrainingReport report = new TrainingHarness().run(spec);
        SeedResult calm = report.seeds().get(0);
        assertTrue(!calm.diverged());
        assertEquals(60, calm.updates());
        assertEquals(0.0, calm.lastEvaluation().testLoss());
        for (int i = 1; i <= 2; i++) {
            SeedResult r = report.seeds().get(i);
            int expected = expectedDivergence(i);
            assertTrue(expected > 10 && expected < 60, "fixture: " + expected);
            assertEquals(expected, r.divergedAtStep(), "seed " + r.seed());
            assertEquals(expected, r.trainLoss().length);
            assertTrue(!Float.isFinite(r.trainLoss()[expected - 1]));
            assertEquals(expected - 1, r.updates());
            assertNull(r.savedParams(), "diverged parameters must not be saved");
        }
        assertEquals(2, report.diverged().size());
        assertEquals(1, report.finalTestLoss().n());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> diverged = (List<Map<String, Object>>) report.summary().get("diverged");
        assertEquals(List.of(2L, 3L), diverged.stream().map(m -> m.get("seed")).toList());
        assertTrue(Files.exists(dir.resolve("p-seed1.npz")));
        assertTrue(!Files.exists(dir.resolve("p-seed2.npz")));

        Path csv = TrainingCsv.write(dir, report.seeds().get(1));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(TrainingCsv.HEADER, lines.get(0));
        int steps = report.seeds().get(1).trainLoss().length;
        assertEquals(steps + 2, lines.size(), "header, step 0 and one row per step");
        String lastRow = lines.get(lines.size() - 1);
        assertTrue(lastRow.startsWith(steps + ",Infinity,") || lastRow.startsWith(steps + ",NaN,"), lastRow);
    }

    @Test
    void csvHasOneRowPerStepAndEvaluationsWhereScheduled(@TempDir Path dir) throws IOException {
        TrainingReport report = new TrainingHarness().run(
                blobs(new SgdOptimizer(), Map.of("lr", "0.1")).setSteps(25).optEvalEvery(10).build());
        List<String> lines = Files.readAllLines(TrainingCsv.write(dir, report.seeds().get(0)));
        assertEquals(27, lines.size());
        List<Integer> evalRows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(6, cells.length, line);
            assertTrue(cells[5].isEmpty(), "the train split is not evaluated by default: " + line);
            int step = Integer.parseInt(cells[0]);
            assertEquals(step == 0, cells[1].isEmpty(), line);
            if (!cells[2].isEmpty()) {
                evalRows.add(step);
                double acc = Double.parseDouble(cells[3]);
                assertTrue(acc >= 0 && acc <= 1, line);
            }
            if (step > 0) {
                assertEquals(report.seeds().get(0).trainLoss()[step - 1], Float.parseFloat(cells[1]), line);
            }
        }
        assertEquals(List.of(0, 10, 20, 25), evalRows);
    }

    @Test
    void theTrainSplitIsEvaluatedLikeTheTestSplitWhenAskedFor() throws IOException {
        // the training data doubles as the test split, so the two evaluations must agree
        DataSplits same = new DataSplits("blobs-twice", BLOBS.train(), BLOBS.train());
        TrainingSpec.Builder b = TrainingSpec.builder().setOptimizer(new SgdOptimizer(),
                HyperParameters.parse(new SgdOptimizer(), Map.of("lr", "0.2"))).setObjective(SoftmaxRegression.objective(5, 3))
                .optData(same).optBatchSize(32).setSteps(20).optEvalEvery(10).optEvalBatchSize(70);
        SeedResult all = new TrainingHarness().run(b.optEvalTrainSamples(100_000).build()).seeds().get(0);
        for (EvalPoint e : all.evaluations()) {
            assertEquals(e.testLoss(), e.trainSplitLoss(), 1e-6 * e.testLoss(), "step " + e.step());
        }
        SeedResult first = new TrainingHarness().run(b.optEvalTrainSamples(150).build()).seeds().get(0);
        SeedResult testFirst = new TrainingHarness().run(b.optEvalTrainSamples(0).optEvalSamples(150).build())
                .seeds().get(0);
        assertEquals(testFirst.lastEvaluation().testLoss(), first.lastEvaluation().trainSplitLoss(), 1e-6);
        assertTrue(Math.abs(first.lastEvaluation().trainSplitLoss() - all.lastEvaluation().trainSplitLoss()) > 1e-6,
                "150 of 600 samples give another mean");
        assertTrue(Double.isNaN(testFirst.lastEvaluation().trainSplitLoss()), "off by default");
        TrainingReport report = new TrainingHarness().run(b.optEvalTrainSamples(150).optEvalSamples(0).build());
        assertEquals(first.lastEvaluation().trainSplitLoss(), report.finalTrainSplitLoss().mean(), 1e-9);
        assertEquals(150, report.summary().get("evalTrainSamples"));
    }

    @Test
    void savedParametersRoundTripAndSeedTheNextRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested/final.npz");
        TrainingSpec first = blobs(new SgdOptimizer(), Map.of("lr", "0.2")).setSteps(30).optEvalEvery(30)
                .optSaveParams(file).build();
        SeedResult trained = new TrainingHarness().run(first).seeds().get(0);
        assertEquals(file, trained.savedParams());
        TrainingSpec second = blobs(new SgdOptimizer(), Map.of("lr", "0.2")).setSteps(1).optEvalEvery(1)
                .optSeeds(List.of(9L)).optInitParams(file).build();
        SeedResult resumed = new TrainingHarness().run(second).seeds().get(0);
        // the initial evaluation of the second run sees exactly the parameters the first one ended with
        assertEquals(trained.lastEvaluation().testLoss(), resumed.evaluations().get(0).testLoss(), 1e-6);
        assertEquals(trained.lastEvaluation().testAccuracy(), resumed.evaluations().get(0).testAccuracy());
    }

    @Test
    void sweepPicksTheLearningRateThatSolvesAQuadraticInOneStep() throws IOException {
        // ½·a·‖θ‖² with a = 2: SGD multiplies θ by (1 − 2·lr), so lr = 0.5 reaches the minimum exactly
        SgdOptimizer sgd = new SgdOptimizer();
        TrainingSpec base = TrainingSpec.builder().setOptimizer(sgd, null).setObjective(new Quadratic(3, 2f))
                .setSteps(5).optEvalEvery(5).optSeeds(List.of(2L, 3L)).build();
        List<Double> grid = List.of(0.05, 0.2, 0.5, 0.9, 1.2, 40.0);
        LearningRateSweep.Result result = new LearningRateSweep(new TrainingHarness()).run(base, grid);
        assertEquals(0.5, result.best().lr());
        assertEquals(grid, result.entries().stream().map(LearningRateSweep.Entry::lr).toList());
        assertEquals(0.0, result.best().meanTestLoss());
        for (LearningRateSweep.Entry e : result.entries()) {
            assertEquals(e.lr(), e.report().spec().hyperParameters().getDouble("lr"));
        }
    }

    @Test
    void sweepRanksByTestAccuracyOnClassification() throws IOException {
        SgdOptimizer sgd = new SgdOptimizer();
        TrainingSpec base = blobs(sgd, Map.of()).setSteps(40).optEvalEvery(40).build();
        // 1e-6 barely moves from the 1/3-accuracy start; 0.3 learns the blobs
        LearningRateSweep.Result result = new LearningRateSweep(new TrainingHarness()).run(base, List.of(1e-6, 0.3));
        assertEquals(0.3, result.best().lr());
        assertTrue(result.best().meanTestAccuracy() > result.entries().get(0).meanTestAccuracy());
    }

    @Test
    void residentMemoryParsesProcStatus(@TempDir Path dir) throws IOException {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmHWM:\t  2048 kB\nVmRSS:\t 1024 kB\n");
        assertEquals(2048L * 1024, ResidentMemory.read(status, "VmHWM:").getAsLong());
        assertEquals(1024L * 1024, ResidentMemory.read(status, "VmRSS:").getAsLong());
        assertTrue(ResidentMemory.read(status, "VmSwap:").isEmpty());
        assertTrue(ResidentMemory.read(dir.resolve("none"), "VmRSS:").isEmpty());
    }
}
