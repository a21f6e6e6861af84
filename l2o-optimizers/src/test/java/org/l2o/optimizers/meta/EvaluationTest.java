package org.l2o.optimizers.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.api.HyperParameters;
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
    void criterionPicksItsNumber() {
        Evaluation.Result r = new Evaluation.Result(3, 2, 1, 0);
        assertEquals(2, ValidationCriterion.LAST_UNROLL.score(r));
        assertEquals(3, ValidationCriterion.TRAJECTORY.score(r));
        assertEquals(ValidationCriterion.TRAJECTORY, ValidationCriterion.parse("trajectory"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidationCriterion.parse("final"));
        assertTrue(e.getMessage().contains("'final'") && e.getMessage().contains("last-unroll"), e.getMessage());
    }
}
