package org.l2o.optimizers.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.HyperParameters;
import org.l2o.optimizers.learned.L2oDm;
import org.l2o.optimizers.learned.L2oDmCl;
import org.l2o.optimizers.learned.L2oScale;
import org.l2o.optimizers.learned.MetaGradient;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.MetaRecipe;

/** Checkpoints and resume, validation with best-φ selection, and the L2O-DM-CL curriculum. */
class MetaTrainingRunTest {

    private final L2oDm dm = new L2oDm();
    private final HyperParameters small = HyperParameters.parse(dm, Map.of("hidden", "4"));
    private final TaskSampler tasks = TaskSampler.dataFree(new TestObjectives.Quadratic(5, 2));
    private final MetaRecipe recipe = new MetaRecipe(3, 6, MetaRecipe.MetaLoss.SUM, MetaRecipe.MetaOptimizerKind.ADAM,
            1e-2, 1.0, false);

    @TempDir
    Path dir;

    private MetaTrainingRun.Builder base(int epochs) {
        return MetaTrainingRun.builder().setArchitecture(dm, small).setTasks(tasks, "quadratic").optRecipe(recipe)
                .setEpochs(epochs).setSeed(7).optValidation(2, 2);
    }

    /** Stands for the process being killed after the given number of epochs. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Stops the run as a killed process would, when the listener hears that epoch {@code epoch} (0-based) is done. */
    private static MetaTrainingListener crashAfterEpoch(int epoch) {
        return new MetaTrainingListener() {
            @Override
            public void epochDone(EpochResult result, int totalEpochs) {
                if (result.epoch() == epoch) {
                    throw new Crash();
                }
            }
        };
    }

    @Test
    void resumedRunEndsWhereTheUninterruptedRunEnds() throws IOException {
        MetaTrainingRun.Result whole = base(6).optCheckpoints(dir.resolve("a"), 2, false).build().run();

        Path b = dir.resolve("b");
        MetaTrainingListener killer = crashAfterEpoch(4);
        assertThrows(Crash.class, () -> base(6).optCheckpoints(b, 2, false).optListener(killer).build().run());
        String state = Files.readString(b.resolve(MetaTrainingRun.STATE));
        assertTrue(state.contains("\"nextEpoch\" : 4"), "the last checkpoint before the crash: " + state);

        MetaTrainingRun.Result resumed = base(6).optCheckpoints(b, 2, true).build().run();
        assertTrue(resumed.resumed());
        assertEquals(6, resumed.epochs());
        assertEquals(whole.last(), resumed.last(), "meta-parameters after the last epoch");
        assertEquals(whole.optimizer(), resumed.optimizer(), "best validated meta-parameters");
        assertEquals(whole.history().size(), resumed.history().size());
        for (int i = 0; i < whole.history().size(); i++) {
            EpochResult x = whole.history().get(i);
            EpochResult y = resumed.history().get(i);
            assertEquals(x.metaLoss(), y.metaLoss(), "epoch " + i);
            assertEquals(x.finalLoss(), y.finalLoss(), "epoch " + i);
        }
        assertEquals(whole.validations(), resumed.validations());
    }

    @Test
    void resumeRefusesOtherSettingsAndMissingCheckpoints() throws IOException {
        base(2).optCheckpoints(dir, 1, false).build().run();
        OptimizerFileException e = assertThrows(OptimizerFileException.class,
                () -> base(4).setSeed(8).optCheckpoints(dir, 1, true).build().run());
        assertTrue(e.getMessage().contains("seed was 7, now 8"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> base(4).optCheckpoints(dir.resolve("none"), 1, true).build().run());
    }

    @Test
    void checkpointKeepsOnlyTheFilesItNames() throws IOException {
        base(4).optCheckpoints(dir, 1, false).build().run();
        List<String> names = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertTrue(names.contains("phi-000004.npz") && names.contains("moments-000004.npz"), names.toString());
        assertFalse(names.contains("phi-000003.npz"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.endsWith(".tmp")), names.toString());
    }

    @Test
    void validationKeepsTheBestMetaParameters() throws IOException {
        MetaTrainingRun.Result r = base(6).build().run();
        assertEquals(3, r.validations().size());
        assertTrue(r.validations().get(0).best());
        double best = r.validations().stream().mapToDouble(ValidationResult::lastUnrollLoss).min().orElseThrow();
        ValidationResult chosen = r.validations().stream().filter(ValidationResult::best)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(best, chosen.lastUnrollLoss(), "the default criterion is the last unroll's loss");
        assertEquals(chosen.lastUnrollLoss(), chosen.score());
    }

    @Test
    void trainSplitCriterionKeepsTheParametersWithTheLowestDataLoss() throws IOException {
        MetaTrainingRun.Result r = base(6).optValidationCriterion(ValidationCriterion.TRAIN_SPLIT).build().run();
        assertEquals(3, r.validations().size());
        double best = r.validations().stream().mapToDouble(ValidationResult::trainSplitLoss).min().orElseThrow();
        ValidationResult chosen = r.validations().stream().filter(ValidationResult::best)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(best, chosen.trainSplitLoss());
        assertEquals(chosen.trainSplitLoss(), chosen.score());
        // data-free quadratics: the loss "over the data" after the last step is the final loss
        for (ValidationResult v : r.validations()) {
            assertEquals(v.finalLoss(), v.trainSplitLoss(), 1e-6 * v.finalLoss(), "epoch " + v.epoch());
        }
        assertTrue(Double.isNaN(base(2).build().run().validations().get(0).trainSplitLoss()),
                "only the train-split criterion pays for the data loss");
    }

    @Test
    void averagingSavesTheExponentialAverageOfTheEpochsParameters() throws IOException {
        double d = 0.75;
        MetaTrainingRun.Result plain = base(1).optValidation(0, 1).build().run();
        MetaTrainingRun.Result one = base(1).optValidation(0, 1).optAveraging(d).build().run();
        MetaTrainingRun.Result two = base(2).optValidation(0, 1).optAveraging(d).build().run();
        assertEquals(plain.last(), one.last(), "averaging does not change the trajectory of φ");
        assertEquals(plain.last(), plain.optimizer(), "without averaging nor validation the last φ is saved");
        assertTrue(maxDiff(one.last(), one.optimizer()) > 1e-5, "after one epoch the average still holds φ0");
        // the average after two epochs is one more step from the average after one towards φ2
        MetaParameters expected = one.optimizer().copy();
        expected.moveTowards(two.last(), 1 - d);
        assertEquals(0.0, maxDiff(expected, two.optimizer()), 1e-6);
        assertTrue(maxDiff(two.last(), two.optimizer()) > 1e-4, "the average is not the last φ");
        assertThrows(IllegalArgumentException.class, () -> base(1).optAveraging(1.0));
    }

    @Test
    void resumedRunWithAveragingEndsWhereTheUninterruptedRunEnds() throws IOException {
        MetaTrainingRun.Result whole = base(6).optAveraging(0.5).optCheckpoints(dir.resolve("a"), 2, false).build().run();
        Path b = dir.resolve("b");
        MetaTrainingListener killer = crashAfterEpoch(3);
        assertThrows(Crash.class,
                () -> base(6).optAveraging(0.5).optCheckpoints(b, 2, false).optListener(killer).build().run());
        MetaTrainingRun.Result resumed = base(6).optAveraging(0.5).optCheckpoints(b, 2, true).build().run();
        assertEquals(whole.optimizer(), resumed.optimizer());
        assertEquals(whole.validations(), resumed.validations());
        // a checkpoint without averaging does not resume a run with it
        Path c = dir.resolve("c");
        base(2).optCheckpoints(c, 2, false).build().run();
        Exception e = assertThrows(Exception.class,
                () -> base(4).optAveraging(0.5).optCheckpoints(c, 2, true).build().run());
        assertTrue(e.getMessage().contains("averaging was 0.0, now 0.5"), e.getMessage());
    }

    @Test
    void cosineDecayStartsAtTheFullRateAndResumesExactly() throws IOException {
        MetaTrainingRun.Result plainOne = base(1).optValidation(0, 1).build().run();
        MetaTrainingRun.Result plainFour = base(4).optValidation(0, 1).build().run();
        // killed in the third epoch of four, after the checkpoint of the second
        MetaTrainingListener killer = crashAfterEpoch(2);
        Path a = dir.resolve("a");
        assertThrows(Crash.class, () -> base(4).optValidation(0, 1).optCosineDecay(0.1).optCheckpoints(a, 1, false)
                .optListener(killer).build().run());
        MetaTrainingRun.Result cosine = base(4).optValidation(0, 1).optCosineDecay(0.1).build().run();
        assertTrue(maxDiff(plainFour.last(), cosine.last()) > 1e-5, "later epochs take smaller meta-steps");
        MetaTrainingRun.Result resumed = base(4).optValidation(0, 1).optCosineDecay(0.1).optCheckpoints(a, 1, true)
                .build().run();
        assertEquals(cosine.last(), resumed.last(), "a resumed run follows the same schedule");
        MetaTrainingRun.Result firstOnly = base(1).optValidation(0, 1).optCosineDecay(0.1).build().run();
        assertEquals(plainOne.last(), firstOnly.last(), "a one-epoch schedule is all at factor 1");
        Exception e = assertThrows(Exception.class,
                () -> base(4).optValidation(0, 1).optCheckpoints(a, 1, true).build().run());
        assertTrue(e.getMessage().contains("cosineFinal was 0.1, now 1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base(1).optCosineDecay(0));
        assertThrows(IllegalArgumentException.class, () -> base(1).optCosineDecay(1.5));
    }

    @Test
    void sampledMetaGradientsResumeExactlyAndArePartOfTheResumeCheck() throws IOException {
        MetaTrainingListener killer = crashAfterEpoch(2);
        Path a = dir.resolve("a");
        assertThrows(Crash.class, () -> firstOrder(4).optMetaGradientSample(0.4, 0)
                .optCheckpoints(a, 1, false).optListener(killer).build().run());
        MetaTrainingRun.Result sampled = firstOrder(4).optMetaGradientSample(0.4, 0).build().run();
        MetaTrainingRun.Result full = firstOrder(4).build().run();
        assertTrue(maxDiff(full.last(), sampled.last()) > 1e-6, "two of five coordinates give other meta-steps");
        MetaTrainingRun.Result resumed = firstOrder(4).optMetaGradientSample(0.4, 0)
                .optCheckpoints(a, 1, true).build().run();
        assertEquals(sampled.last(), resumed.last(), "each epoch's sample is fixed by (seed, epoch)");
        Exception e = assertThrows(Exception.class, () -> firstOrder(4).optCheckpoints(a, 1, true).build().run());
        assertTrue(e.getMessage().contains("metaGradientSample was 0.4@0, now 1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base(1).optMetaGradientSample(0));
        // a sample estimates the first-order meta-gradient: with l2o-dm's default (exact) it is refused
        e = assertThrows(IllegalArgumentException.class, () -> base(1).optMetaGradientSample(0.4, 0).build());
        assertTrue(e.getMessage().contains("first order is chosen"), e.getMessage());
    }

    @Test
    void theMetaGradientDefaultsToTheArchitecturesAndIsPartOfTheResumeCheck() throws IOException {
        assertEquals(MetaGradient.EXACT, base(1).metaGradient());
        L2oScale scale = new L2oScale();
        MetaTrainingRun.Builder scaleRun = MetaTrainingRun.builder().setArchitecture(scale,
                HyperParameters.parse(scale, Map.of())).setTasks(tasks, "quadratic");
        assertEquals(MetaGradient.FIRST_ORDER, scaleRun.metaGradient());
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> scaleRun.setEpochs(1).optMetaGradient(MetaGradient.EXACT).build());
        assertTrue(e.getMessage().contains("l2o-scale cannot re-run a step"), e.getMessage());

        // the default is recorded as what it resolved to: a first-order run does not resume it
        base(2).optValidation(0, 1).optCheckpoints(dir, 1, false).build().run();
        e = assertThrows(OptimizerFileException.class, () -> firstOrder(3).optCheckpoints(dir, 1, true).build().run());
        assertTrue(e.getMessage().contains("secondDerivatives was true, now false"), e.getMessage());
    }

    /** {@link #base} without validation, with first-order meta-gradients. */
    private MetaTrainingRun.Builder firstOrder(int epochs) {
        return base(epochs).optValidation(0, 1).optMetaGradient(MetaGradient.FIRST_ORDER);
    }

    @Test
    void metaOptimizerScaleMultipliesTheStep() {
        MetaParameters a = new L2oDm().network(small).initialize(3);
        MetaParameters b = a.copy();
        MetaParameters start = a.copy();
        List<float[]> g = new ArrayList<>();
        for (float[] x : a.arrays()) {
            float[] gi = new float[x.length];
            java.util.Arrays.fill(gi, 0.3f);
            g.add(gi);
        }
        MetaOptimizer full = new MetaOptimizer(MetaRecipe.MetaOptimizerKind.ADAM, 1e-2, a);
        MetaOptimizer half = new MetaOptimizer(MetaRecipe.MetaOptimizerKind.ADAM, 1e-2, b);
        half.setScale(0.5);
        full.step(a, g);
        half.step(b, g);
        assertEquals(5e-3, half.effectiveLearningRate(), 1e-12);
        assertEquals(1e-2, half.learningRate(), 1e-12, "the base rate, which restores decay, is kept apart");
        assertEquals(2 * maxDiff(start, b), maxDiff(start, a), 1e-6);
    }

    private static double maxDiff(MetaParameters a, MetaParameters b) {
        double max = 0;
        for (int i = 0; i < a.arrays().size(); i++) {
            float[] x = a.arrays().get(i);
            float[] y = b.arrays().get(i);
            for (int j = 0; j < x.length; j++) {
                max = Math.max(max, Math.abs(x[j] - y[j]));
            }
        }
        return max;
    }

    @Test
    void restoreBestReturnsToTheBestMetaParametersWithSmallerMetaSteps() throws IOException {
        List<Double> rates = new ArrayList<>();
        MetaRecipe frozen = recipe.withMetaOptimizer(MetaRecipe.MetaOptimizerKind.ADAM, 1e-30);
        MetaTrainingRun.Result r = base(4).optRecipe(frozen).optValidation(1, 1).optRestoreBest(1, 0.5)
                .optListener(new MetaTrainingListener() {
                    @Override
                    public void restored(long epoch, double metaLearningRate) {
                        rates.add(metaLearningRate);
                    }
                }).build().run();
        // validations 2..4 do not improve on the first: a restore after each, the rate halving every time
        assertEquals(List.of(5e-31, 2.5e-31, 1.25e-31), rates);
        assertEquals(r.optimizer(), r.last(), "φ was restored to the best");
    }

    @Test
    void curriculumAdvancesStagesWithImitationAndEndsAfterTheLast() throws IOException {
        L2oDmCl cl = new L2oDmCl();
        HyperParameters values = HyperParameters.parse(cl, Map.of("hidden", "4"));
        List<int[]> stages = new ArrayList<>();
        // a vanishing meta learning rate leaves φ (and so every validation) unchanged: no improvement after the first
        MetaRecipe frozen = recipe.withMetaOptimizer(MetaRecipe.MetaOptimizerKind.ADAM, 1e-30);
        MetaTrainingRun.Result r = MetaTrainingRun.builder().setArchitecture(cl, values).setTasks(tasks, "quadratic")
                .optRecipe(frozen).setEpochs(200).setSeed(3).optValidation(1, 1)
                .optCurriculum(new Curriculum(List.of(3, 6), 1, List.of(0.0, 1.0)))
                .optListener(new MetaTrainingListener() {
                    @Override
                    public void stageStarted(int stage, int horizon) {
                        stages.add(new int[] {stage, horizon});
                    }
                }).build().run();
        assertEquals(2, stages.size());
        assertEquals(6, stages.get(1)[1]);
        assertEquals(4, r.epochs(), "two validations per stage with patience 1, then the run ends");
        assertEquals(1, r.stage());
        for (EpochResult e : r.history()) {
            assertEquals(e.stage() == 1, e.imitation(), "stage 1 imitates in every epoch, stage 0 never");
            assertEquals(e.stage() == 0 ? 3 : 6, e.horizon());
        }
        for (ValidationResult v : r.validations()) {
            assertEquals(6, v.horizon(), "validated at the next (or last) stage's horizon");
        }
    }

    @Test
    void imitationWarmupImitatesTheTeacherInTheFirstEpochsOnly() throws IOException {
        MetaTrainingRun.Result r = base(5).optValidation(0, 1).optImitationWarmup(2).build().run();
        assertEquals(5, r.history().size());
        for (EpochResult e : r.history()) {
            assertEquals(e.epoch() < 2, e.imitation(), "epoch " + e.epoch());
        }
        // the imitation meta-loss is a squared update difference, the other the sum of losses
        assertTrue(r.history().get(0).metaLoss() < r.history().get(4).metaLoss(), r.history().toString());
        assertThrows(IllegalArgumentException.class, () -> base(1).optImitationWarmup(-1));
    }

    @Test
    void metaOptimizerStartsAfreshWhenTheImitationWarmupEnds() throws IOException {
        MetaTrainingRun.Result r = base(4).optValidation(0, 1).optImitationWarmup(2)
                .optCheckpoints(dir, 0, false).build().run();
        int afterWarmup = r.history().get(2).metaSteps() + r.history().get(3).metaSteps();
        assertTrue(r.history().get(0).metaSteps() > 0, "imitation epochs take meta-steps too");
        String state = Files.readString(dir.resolve(MetaTrainingRun.STATE));
        assertTrue(state.contains("\"metaOptimizerSteps\" : " + afterWarmup + ","),
                "Adam's step count (its bias correction) restarts with the meta-loss: " + state);
    }

    @Test
    void everyEpochRecordsTheResidentMemory() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.l2o.optimizers.training.ResidentMemory.currentBytes().isPresent(), "needs /proc/self/status");
        MetaTrainingRun.Result r = base(2).optValidation(0, 1).build().run();
        for (EpochResult e : r.history()) {
            assertTrue(e.residentBytes() > 0 && e.peakResidentBytes() >= e.residentBytes(), e.toString());
        }
        String row = r.history().get(1).csvRow();
        assertEquals(EpochResult.csvHeader().split(",").length, row.split(",", -1).length, row);
    }

    @Test
    void imitationWarmupIsPartOfTheResumeCheck() throws IOException {
        base(2).optCheckpoints(dir, 1, false).optImitationWarmup(1).build().run();
        OptimizerFileException e = assertThrows(OptimizerFileException.class,
                () -> base(3).optCheckpoints(dir, 1, true).build().run());
        assertTrue(e.getMessage().contains("imitationWarmup"), e.getMessage());
    }
}
