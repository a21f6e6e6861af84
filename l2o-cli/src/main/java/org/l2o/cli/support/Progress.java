package org.l2o.cli.support;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long loop: a console bar, log lines, or nothing ({@code --progress=bar|log|none}).
 * A bar falls back to log lines when there is no console. Close it when the loop ends.
 */
public abstract class Progress implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        BAR,
        LOG,
        NONE
    }

    /**
     * Starts showing progress.
     *
     * @param mode the requested mode
     * @param task what is being done, e.g. {@code "train seed 1"}
     * @param total number of steps
     */
    public static Progress start(Mode mode, String task, long total) {
        Mode effective = mode == Mode.BAR && System.console() == null ? Mode.LOG : mode;
        return switch (effective) {
            case BAR -> new Bar(task, total);
            case LOG -> new Log(task, total);
            case NONE -> new Progress() {
                @Override
                public void step(long done, String status) {}

                @Override
                public void close() {}
            };
        };
    }

    /**
     * Reports that {@code done} of the total steps are complete.
     *
     * @param status a short status such as the current loss, or empty
     */
    public abstract void step(long done, String status);

    @Override
    public abstract void close();

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build();
        }

        @Override
        public void step(long done, String status) {
            bar.stepTo(done);
            bar.setExtraMessage(status);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Logs at most every two seconds, plus the last step. */
    private static final class Log extends Progress {
        private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
        private static final long INTERVAL_NANOS = 2_000_000_000L;
        private final String task;
        private final long total;
        private long lastNanos = System.nanoTime();

        Log(String task, long total) {
            this.task = task;
            this.total = total;
        }

        @Override
        public void step(long done, String status) {
            long now = System.nanoTime();
            if (done >= total || now - lastNanos >= INTERVAL_NANOS) {
                lastNanos = now;
                LOG.info("{}: {}/{} {}", task, done, total, status);
            }
        }

        @Override
        public void close() {}
    }
}
