package org.l2o.optimizers.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.api.HyperParameters;
import org.l2o.api.LabeledData;
import org.l2o.api.SplitEvaluation;
import org.l2o.optimizers.analytical.SgdOptimizer;

/** The three numbers of an evaluation, checked against each other on deterministic runs. */
class EvaluationTest {

    private final SgdOptimizer sgd = new SgdOptimizer();
    private final HyperParameters lr = HyperParameters.parse(sgd, Map.of("lr", "0.05"));
    private final TaskSampler tasks = TaskSampler.dataFree(new TestObjectives.Quadratic(6, 3));
    private final long[] seeds = {11, 12, 13};

    @Test
    void lastUnrollLossAveragesExactlyTheLastSteps() {
        int horizon = 12;
        int tail = 5;
        Evaluation.Result whole = Evaluation.run(sgd, lr, tasks, horizon, tail, seeds);
        // the same seeds give the same trajectories, so the first 7 steps are those of a 7-step run
        Evaluation.Result head = Evaluation.run(sgd, lr, tasks, horizon - tail, 1, seeds);
        double tailMean = (whole.meanLoss() * horizon - head.meanLoss() * (horizon - tail)) / tail;
        assertEquals(tailMean, whole.lastUnrollLoss(), 1e-9 * Math.abs(tailMean));
        // the loss falls along the run, so the last steps average below the whole run and above the end
        assertTrue(whole.lastUnrollLoss() < whole.meanLoss(), whole.toString());
        assertTrue(whole.lastUnrollLoss() > whole.finalLoss(), whole.toString());
    }

    @Test
    void tailOfOneIsTheFinalLossAndATailAsLongAsTheRunIsTheMean() {
        Evaluation.Result one = Evaluation.run(sgd, lr, tasks, 8, 1, seeds);
        assertEquals(one.finalLoss(), one.lastUnrollLoss(), 0);
        Evaluation.Result all = Evaluation.run(sgd, lr, tasks, 8, 50, seeds);
        assertEquals(all.meanLoss(), all.lastUnrollLoss(), 1e-12 * all.meanLoss());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.run(sgd, lr, tasks, 8, 0, seeds));
    }

    @Test
    void trainSplitLossOfADataFreeTaskIsItsLossAfterTheLastStep() {
        Evaluation.Result r = Evaluation.run(sgd, lr, tasks, 8, 1, 1, seeds);
        assertEquals(r.finalLoss(), r.trainSplitLoss(), 1e-6 * r.finalLoss());
        assertTrue(Double.isNaN(Evaluation.run(sgd, lr, tasks, 8, 1, seeds).trainSplitLoss()));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.run(sgd, lr, tasks, 8, 1, -1, seeds));
    }

    @Test
    void trainSplitLossIsTheLossOverTheFirstSamplesAfterTheLastStep() {
        // 2,500 samples: chunks of 1,000 with a partial last one; a minibatch of all of them has the full-data loss
        int n = 2500;
        LabeledData data = TestObjectives.blobs(n, 4, 3, 5);
        TestObjectives.Mlp mlp = new TestObjectives.Mlp(4, 6, 3);
        TaskSampler whole = TaskSampler.of(mlp, data, n);
        Evaluation.Result all = Evaluation.run(sgd, lr, whole, 6, 1, n, seeds);
        assertEquals(all.finalLoss(), all.trainSplitLoss(), 1e-5 * all.finalLoss());
        assertEquals(all.trainSplitLoss(), Evaluation.run(sgd, lr, whole, 6, 1, 100 * n, seeds).trainSplitLoss(),
                0, "the sample count is capped at the data's size");
        Evaluation.Result first = Evaluation.run(sgd, lr, whole, 6, 1, 1000, seeds);
        assertTrue(Math.abs(first.trainSplitLoss() - all.trainSplitLoss()) > 1e-4, first + " vs " + all);
    }

    @Test
    void splitEvaluationWeighsChunksByTheirSize() {
        LabeledData data = TestObjectives.blobs(2500, 4, 3, 7);
        TestObjectives.Mlp mlp = new TestObjectives.Mlp(4, 6, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList p = mlp.initialize(m, 3);
            double all = SplitEvaluation.scalar(mlp.loss(p, data.range(m, 0, 2500)));
            double head = SplitEvaluation.scalar(mlp.loss(p, data.range(m, 0, 1000)));
            assertEquals(all, SplitEvaluation.over(mlp, p, data, 2500, 1000, false, m).loss(), 1e-6 * all);
            assertEquals(all, SplitEvaluation.over(mlp, p, data, 9999, 700, false, m).loss(), 1e-6 * all);
            assertEquals(head, SplitEvaluation.over(mlp, p, data, 1000, 300, false, m).loss(), 1e-6 * head);
            assertTrue(Math.abs(all - head) > 1e-4, all + " vs " + head);
            assertTrue(Double.isNaN(SplitEvaluation.over(mlp, p, data, 10, 4, false, m).accuracy()));
            assertThrows(IllegalArgumentException.class, () -> SplitEvaluation.over(mlp, p, data, 10, 0, false, m));
        }
    }

    @Test
    void criterionPicksItsNumber() {
        Evaluation.Result r = new Evaluation.Result(3, 2, 1, 0.5, 0);
        assertEquals(2, ValidationCriterion.LAST_UNROLL.score(r));
        assertEquals(3, ValidationCriterion.TRAJECTORY.score(r));
        assertEquals(0.5, ValidationCriterion.TRAIN_SPLIT.score(r));
        assertEquals(ValidationCriterion.TRAIN_SPLIT, ValidationCriterion.parse("train-split"));
        assertEquals(ValidationCriterion.TRAJECTORY, ValidationCriterion.parse("trajectory"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidationCriterion.parse("final"));
        assertTrue(e.getMessage().contains("'final'") && e.getMessage().contains("last-unroll"), e.getMessage());
    }
}
