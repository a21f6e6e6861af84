package org.l2o.cli.commands;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.l2o.optimizers.meta.EpochResult;
import org.l2o.optimizers.meta.ValidationResult;

/**
 * The meta-training curves as a PNG: per epoch the mean optimizee loss of the training epoch
 * (left; the meta-loss's scale differs between meta-losses), and the validation mean loss with
 * the best ones marked (right).
 */
final class MetaTrainingPlot {

    private MetaTrainingPlot() {}

    static Path write(Path png, String title, List<EpochResult> history, List<ValidationResult> validations)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart train = chart(title + ": training epochs", "mean optimizee loss of the epoch");
        double[] x = history.stream().mapToDouble(r -> r.epoch() + 1).toArray();
        double[] y = history.stream().mapToDouble(r -> Double.isFinite(r.meanLoss()) ? r.meanLoss() : Double.NaN).toArray();
        if (x.length > 0) {
            train.addSeries("epoch mean loss", x, y).setMarker(SeriesMarkers.NONE).setLineColor(new Color(31, 119, 180));
        }
        boolean positive = history.stream().allMatch(r -> !(r.meanLoss() <= 0));
        train.getStyler().setYAxisLogarithmic(positive && x.length > 0);
        XYChart val = chart(title + ": validation", "validation score (see --select-on)");
        if (!validations.isEmpty()) {
            double[] vx = validations.stream().mapToDouble(ValidationResult::epoch).toArray();
            double[] vy = validations.stream().mapToDouble(ValidationResult::score).toArray();
            val.addSeries("validation", vx, vy).setMarker(SeriesMarkers.CIRCLE).setLineColor(new Color(214, 39, 40));
            List<ValidationResult> best = validations.stream().filter(ValidationResult::best).toList();
            if (!best.isEmpty()) {
                XYSeries b = val.addSeries("new best", best.stream().mapToDouble(ValidationResult::epoch).toArray(),
                        best.stream().mapToDouble(ValidationResult::score).toArray());
                b.setMarker(SeriesMarkers.DIAMOND);
                b.setMarkerColor(new Color(44, 160, 44));
                b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        return Charts.writeRow(png, List.of(train, val));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = Charts.chart(title, "epoch", yTitle);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return c;
    }
}
