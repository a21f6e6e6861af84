package org.l2o.cli.commands;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.l2o.optimizers.training.EvalPoint;
import org.l2o.optimizers.training.SeedResult;
import org.l2o.optimizers.training.TrainingReport;

/**
 * PNG plots of training runs in the manner of the paper's Figures 2-3: the training loss and the
 * test accuracy (test loss for objectives that do not classify) against the step, as the mean
 * over seeds with a shaded band from the seeds' minimum to their maximum. Training losses are
 * averaged over windows so that at most {@value #MAX_POINTS} points are drawn.
 */
public final class CurvePlot {

    static final int MAX_POINTS = 400;
    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(255, 127, 14),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)
    };

    /** One labelled run. */
    public record Run(String label, TrainingReport report) {}

    private CurvePlot() {}

    /** Writes two charts side by side into {@code png}. */
    public static Path write(Path png, String title, List<Run> runs) throws IOException {
        boolean accuracy = runs.stream().flatMap(r -> r.report().seeds().stream())
                .flatMap(s -> s.evaluations().stream()).anyMatch(e -> !Double.isNaN(e.testAccuracy()));
        XYChart train = chart(title + ": training loss", "training loss (minibatch, window mean)");
        XYChart test = chart(title + ": " + (accuracy ? "test accuracy" : "test loss"),
                accuracy ? "test accuracy" : "test loss");
        boolean trainLog = true;
        boolean testLog = !accuracy;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            Color color = COLORS[i % COLORS.length];
            Band tb = trainBand(run.report());
            trainLog &= tb.positive();
            add(train, run.label(), tb, color);
            Band eb = evalBand(run.report(), accuracy ? EvalPoint::testAccuracy : EvalPoint::testLoss);
            testLog &= eb.positive();
            add(test, run.label(), eb, color);
        }
        train.getStyler().setYAxisLogarithmic(trainLog);
        test.getStyler().setYAxisLogarithmic(testLog);
        return Charts.writeRow(png, List.of(train, test));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = Charts.chart(title, "step", yTitle);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setXAxisTickMarkSpacingHint(90);
        // curves fall (losses) or rise (accuracy): put the legend where they are not
        c.getStyler().setLegendPosition(yTitle.contains("accuracy")
                ? org.knowm.xchart.style.Styler.LegendPosition.InsideSE
                : org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return c;
    }

    /** Mean, minimum and maximum over seeds at each x. */
    record Band(double[] x, double[] mean, double[] min, double[] max) {
        boolean positive() {
            for (double v : min) {
                if (!(v > 0)) {
                    return false;
                }
            }
            return x.length > 0;
        }
    }

    private static void add(XYChart chart, String label, Band band, Color color) {
        if (band.x().length == 0) {
            return;
        }
        int n = band.x().length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = band.x()[i];
            py[i] = band.max()[i];
            px[2 * n - 1 - i] = band.x()[i];
            py[2 * n - 1 - i] = band.min()[i];
        }
        XYSeries area = chart.addSeries(label + " (min-max over seeds)", px, py);
        area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
        area.setLineColor(new Color(0, 0, 0, 0));
        area.setMarker(SeriesMarkers.NONE);
        area.setShowInLegend(false);
        XYSeries mean = chart.addSeries(label, band.x(), band.mean());
        mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        mean.setLineColor(color);
        mean.setMarker(SeriesMarkers.NONE);
    }

    static Band trainBand(TrainingReport report) {
        int steps = report.seeds().stream().mapToInt(s -> s.trainLoss().length).max().orElse(0);
        int window = Math.max(1, (steps + MAX_POINTS - 1) / MAX_POINTS);
        List<double[]> rows = new ArrayList<>();
        for (int from = 0; from < steps; from += window) {
            int to = Math.min(steps, from + window);
            List<Double> values = new ArrayList<>();
            for (SeedResult s : report.seeds()) {
                double sum = 0;
                int n = 0;
                for (int i = from; i < Math.min(to, s.trainLoss().length); i++) {
                    if (Float.isFinite(s.trainLoss()[i])) {
                        sum += s.trainLoss()[i];
                        n++;
                    }
                }
                if (n > 0) {
                    values.add(sum / n);
                }
            }
            if (!values.isEmpty()) {
                rows.add(row((from + to + 1) / 2.0, values));
            }
        }
        return toBand(rows);
    }

    static Band evalBand(TrainingReport report, ToDoubleFunction<EvalPoint> metric) {
        TreeMap<Integer, List<Double>> byStep = new TreeMap<>();
        for (SeedResult s : report.seeds()) {
            for (EvalPoint e : s.evaluations()) {
                double v = metric.applyAsDouble(e);
                if (Double.isFinite(v)) {
                    byStep.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(v);
                }
            }
        }
        List<double[]> rows = new ArrayList<>();
        byStep.forEach((step, values) -> rows.add(row(step, values)));
        return toBand(rows);
    }

    private static double[] row(double x, List<Double> values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {x, sum / values.size(), min, max};
    }

    private static Band toBand(List<double[]> rows) {
        int n = rows.size();
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(i)[0];
            mean[i] = rows.get(i)[1];
            min[i] = rows.get(i)[2];
            max[i] = rows.get(i)[3];
        }
        return new Band(x, mean, min, max);
    }
}
