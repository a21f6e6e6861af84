package org.l2o.cli.commands;

import java.util.Locale;
import org.l2o.cli.support.Progress;
import org.l2o.optimizers.training.EvalPoint;
import org.l2o.optimizers.training.SeedResult;
import org.l2o.optimizers.training.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows a harness run with the CLI's {@link Progress} (one bar or log stream per seed). */
final class ProgressListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);

    private final Progress.Mode mode;
    private final String label;
    private Progress progress;
    private String lastEval = "";

    /**
     * @param mode the {@code --progress} mode
     * @param label a prefix for the task name, e.g. {@code "lr=0.01 "}
     */
    ProgressListener(Progress.Mode mode, String label) {
        this.mode = mode;
        this.label = label;
    }

    @Override
    public void seedStarted(long seed, int steps) {
        progress = Progress.start(mode, label + "seed " + seed, steps);
    }

    @Override
    public void stepDone(long seed, int step, double loss) {
        progress.step(step, String.format(Locale.ROOT, "loss %.4g%s", loss, lastEval));
    }

    @Override
    public void evaluated(long seed, EvalPoint point) {
        lastEval = Double.isNaN(point.testAccuracy())
                ? String.format(Locale.ROOT, " test loss %.4g", point.testLoss())
                : String.format(Locale.ROOT, " test acc %.4f", point.testAccuracy());
    }

    @Override
    public void seedFinished(SeedResult result) {
        progress.close();
        lastEval = "";
        if (result.diverged()) {
            LOG.warn("{}seed {} diverged at step {} (loss {})", label, result.seed(), result.divergedAtStep(),
                    result.trainLoss()[result.trainLoss().length - 1]);
        } else if (mode != Progress.Mode.NONE) {
            EvalPoint last = result.lastEvaluation();
            LOG.info("{}seed {}: {} steps, {} steps/s, test loss {}, test accuracy {}", label, result.seed(),
                    result.updates(), String.format(Locale.ROOT, "%.1f", result.stepsPerSecond()),
                    String.format(Locale.ROOT, "%.4f", last.testLoss()),
                    String.format(Locale.ROOT, "%.4f", last.testAccuracy()));
        }
    }
}
