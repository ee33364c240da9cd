package dev.trackbook.magics.browse;

import dev.trackbook.magics.browse.RunHistory.Point;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Draws runs' metric histories with XChart: one chart per metric, one line per run, stacked into
 * one PNG.
 */
final class MetricChart {

  static final int WIDTH = 720;
  static final int HEIGHT_PER_METRIC = 320;

  private MetricChart() {}

  static byte[] png(List<RunHistory> runs) {
    Set<String> keys = new TreeSet<>();
    runs.forEach(r -> keys.addAll(r.metrics().keySet()));
    List<BufferedImage> charts = new ArrayList<>();
    for (String key : keys) {
      charts.add(BitmapEncoder.getBufferedImage(chart(key, runs)));
    }
    BufferedImage image =
        new BufferedImage(WIDTH, HEIGHT_PER_METRIC * charts.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        g.drawImage(charts.get(i), 0, i * HEIGHT_PER_METRIC, null);
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static XYChart chart(String key, List<RunHistory> runs) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT_PER_METRIC)
            .title(key)
            .xAxisTitle("step")
            .yAxisTitle(key)
            .build();
    chart.getStyler().setMarkerSize(4);
    Set<String> names = new HashSet<>();
    for (RunHistory run : runs) {
      List<Point> points = run.metrics().get(key);
      if (points == null || points.isEmpty()) {
        continue;
      }
      // XChart needs unique series names; two runs may share a name.
      String name = names.add(run.label()) ? run.label() : run.label() + " (" + run.runId() + ")";
      names.add(name);
      double[] x = points.stream().mapToDouble(Point::step).toArray();
      double[] y = points.stream().mapToDouble(Point::value).toArray();
      chart.addSeries(name, x, y);
    }
    return chart;
  }
}
