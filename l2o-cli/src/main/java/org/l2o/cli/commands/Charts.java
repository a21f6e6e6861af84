package org.l2o.cli.commands;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The look every l2o plot shares, and writing charts side by side into one PNG. */
final class Charts {

    private Charts() {}

    /** A 640×440 chart on white with grid lines and integer x ticks. */
    static XYChart chart(String title, String xTitle, String yTitle) {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        c.getStyler().setXAxisDecimalPattern("#");
        return c;
    }

    /** Writes the charts in one row into {@code png}, creating its folder. */
    static Path writeRow(Path png, List<XYChart> charts) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        }
        return png;
    }
}
