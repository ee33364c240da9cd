package dev.trackbook.magics.browse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.magics.browse.RunHistory.Point;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MetricChartTest {

  @Test
  void oneChartPerMetricStackedIntoOnePng() throws Exception {
    RunHistory a =
        new RunHistory(
            "aaaaaaaaaaaa",
            "baseline",
            Map.of(
                "loss",
                List.of(new Point(0, 1.0), new Point(1, 0.5)),
                "acc",
                List.of(new Point(0, 0.7))));
    RunHistory b =
        new RunHistory("bbbbbbbbbbbb", "baseline", Map.of("loss", List.of(new Point(0, 0.9))));
    byte[] png = MetricChart.png(List.of(a, b));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(MetricChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(2 * MetricChart.HEIGHT_PER_METRIC);
  }

  @Test
  void runLabelFallsBackToTheIdStart() {
    assertThat(new RunHistory("0123456789abcdef", "", Map.of()).label()).isEqualTo("01234567");
    assertThat(new RunHistory("0123456789abcdef", "fine-tune", Map.of()).label())
        .isEqualTo("fine-tune");
  }
}
