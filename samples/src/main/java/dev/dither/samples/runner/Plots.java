package dev.dither.samples.runner;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of the runner (XChart): learning curves with a band over seeds, and per-unit function plots. */
public final class Plots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
  };

  private Plots() {}

  /**
   * One line per variant, the mean over seeds of {@code value} at each curve point, and a band of
   * ± one standard deviation around it (runs of a variant must share their x values).
   */
  public static void curves(Path png, String title, String xLabel, String yLabel, List<RunResult> results,
      List<String> variants, Map<String, String> labels, ToDoubleFunction<RunResult.CurvePoint> value)
      throws IOException {
    XYChart chart = chart(title, xLabel, yLabel, 900, 560);
    int colour = 0;
    for (String variant : variants) {
      List<RunResult> runs = results.stream().filter(r -> r.variant().equals(variant)).toList();
      if (runs.isEmpty() || runs.get(0).curve().isEmpty()) {
        continue;
      }
      int points = runs.stream().mapToInt(r -> r.curve().size()).min().orElse(0);
      double[] x = new double[points];
      double[] mean = new double[points];
      double[] std = new double[points];
      for (int i = 0; i < points; i++) {
        x[i] = runs.get(0).curve().get(i).x();
        double[] v = new double[runs.size()];
        for (int r = 0; r < v.length; r++) {
          v[r] = value.applyAsDouble(runs.get(r).curve().get(i));
        }
        mean[i] = Reports.mean(v);
        std[i] = dev.dither.samples.Experiments.std(v);
      }
      Color c = PALETTE[colour++ % PALETTE.length];
      String label = labels.getOrDefault(variant, variant);
      if (runs.size() > 1) {
        band(chart, label + " ± std", x, mean, std, c);
      }
      XYSeries line = chart.addSeries(label + " (mean of " + runs.size() + ")", x, mean);
      line.setLineColor(c);
      line.setMarker(SeriesMarkers.NONE);
    }
    save(chart, png);
  }

  /** A closed polygon from mean + std forward to mean − std backward, filled in a light shade. */
  static void band(XYChart chart, String name, double[] x, double[] mean, double[] std, Color c) {
    int n = x.length;
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int i = 0; i < n; i++) {
      px[i] = x[i];
      py[i] = mean[i] + std[i];
      px[2 * n - 1 - i] = x[i];
      py[2 * n - 1 - i] = mean[i] - std[i];
    }
    XYSeries band = chart.addSeries(name, px, py);
    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
    band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
    band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
    band.setMarker(SeriesMarkers.NONE);
    band.setShowInLegend(false);
  }

  /** A grid of small charts, one per panel, each with its named lines; saved as one PNG per row of panels. */
  public static void panels(Path png, String xLabel, List<Panel> panels, int columns) throws IOException {
    List<XYChart> charts = new ArrayList<>();
    for (Panel panel : panels) {
      XYChart chart = chart(panel.title(), xLabel, "", 300, 220);
      chart.getStyler().setLegendVisible(false);
      int colour = 0;
      for (Map.Entry<String, double[][]> line : panel.lines().entrySet()) {
        Color c = PALETTE[colour++ % PALETTE.length];
        double[][] xy = line.getValue();
        if (xy.length == 3) {
          band(chart, line.getKey() + " band", xy[0], xy[1], xy[2], c);
        }
        XYSeries s = chart.addSeries(line.getKey(), xy[0], xy[1]);
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
      }
      charts.add(chart);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(charts, (charts.size() + columns - 1) / columns, columns, png.toString(),
        BitmapEncoder.BitmapFormat.PNG);
  }

  /** One small chart: lines by name, each {x, y} or {x, mean, std} (then drawn with a band). */
  public record Panel(String title, Map<String, double[][]> lines) {}

  private static XYChart chart(String title, String xLabel, String yLabel, int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
        .yAxisTitle(yLabel).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    chart.getStyler().setMarkerSize(0);
    return chart;
  }

  private static void save(XYChart chart, Path png) throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
