package dev.trackbook.magics;

import dev.trackbook.magics.browse.CompareMagic;
import dev.trackbook.magics.browse.RunsMagic;
import dev.trackbook.magics.data.AutologMagic;
import dev.trackbook.magics.data.DatasetMagic;
import dev.trackbook.magics.data.DriftMagic;
import dev.trackbook.magics.model.LogModelMagic;
import dev.trackbook.magics.model.RegisterMagic;
import dev.trackbook.magics.tracking.ArtifactMagic;
import dev.trackbook.magics.tracking.ExperimentMagic;
import dev.trackbook.magics.tracking.MetricMagic;
import dev.trackbook.magics.tracking.NoteCellMagic;
import dev.trackbook.magics.tracking.NoteMagic;
import dev.trackbook.magics.tracking.ParamMagic;
import dev.trackbook.magics.tracking.RunMagic;
import dev.trackbook.magics.tracking.TagMagic;
import dev.trackbook.magics.tracking.TrackCellMagic;
import dev.trackbook.magics.tracking.TrackingUriMagic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tracking magics, by name: the one list both the kernel extension and the pipeline rewriter
 * read, so they know the same magics. Immutable.
 */
public final class MagicCatalog {

  private static final List<Magic> LINE_MAGICS =
      List.of(
          new ExperimentMagic(),
          new RunMagic(),
          new ParamMagic(),
          new MetricMagic(),
          new TagMagic(),
          new NoteMagic(),
          new ArtifactMagic(),
          new TrackingUriMagic(),
          new RunsMagic(),
          new CompareMagic(),
          new DatasetMagic(),
          new DriftMagic(),
          new AutologMagic(),
          new LogModelMagic(),
          new RegisterMagic());

  private static final List<Magic> CELL_MAGICS = List.of(new NoteCellMagic(), new TrackCellMagic());

  private static final Map<String, Magic> LINE_BY_NAME = byName(LINE_MAGICS);
  private static final Map<String, Magic> CELL_BY_NAME = byName(CELL_MAGICS);

  private MagicCatalog() {}

  /** Every line magic ({@code %name}). */
  public static List<Magic> lineMagics() {
    return LINE_MAGICS;
  }

  /** Every cell magic ({@code %%name}). */
  public static List<Magic> cellMagics() {
    return CELL_MAGICS;
  }

  /** The line magic called {@code name}. */
  public static Optional<Magic> lineMagic(String name) {
    return Optional.ofNullable(LINE_BY_NAME.get(name));
  }

  /** The cell magic called {@code name}. */
  public static Optional<Magic> cellMagic(String name) {
    return Optional.ofNullable(CELL_BY_NAME.get(name));
  }

  private static Map<String, Magic> byName(List<Magic> magics) {
    Map<String, Magic> map = new LinkedHashMap<>();
    magics.forEach(m -> map.put(m.schema().name(), m));
    return Map.copyOf(map);
  }
}
