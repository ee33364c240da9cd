package dev.trackbook.kernel.display;

import java.awt.image.BufferedImage;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;

/**
 * Renderers for libraries the kernel does not bundle (XChart charts as PNG, Tablesaw tables as
 * HTML). They are registered by reflection once the library's classes are visible to the notebook,
 * typically after {@code %maven}; the kernel calls {@link #refresh} around each cell.
 */
public final class OptionalRenderers {

  /** Rows of a table shown in HTML; the rest is summarised in a footer line. */
  static final int MAX_TABLE_ROWS = 50;

  private static final String XCHART_CHART = "org.knowm.xchart.internal.chartpart.Chart";
  private static final String XCHART_ENCODER = "org.knowm.xchart.BitmapEncoder";
  private static final String TABLESAW_TABLE = "tech.tablesaw.api.Table";

  private final Renderer renderer;
  private final Set<String> registered = new HashSet<>();

  public OptionalRenderers(Renderer renderer) {
    this.renderer = renderer;
  }

  /**
   * Registers the renderers whose library {@code findClass} can now see.
   *
   * @param findClass looks a class up the way notebook code would, null when it is not there
   */
  public synchronized void refresh(Function<String, Class<?>> findClass) {
    if (!registered.contains(XCHART_CHART)) {
      Class<?> chart = findClass.apply(XCHART_CHART);
      if (chart != null) {
        registerXChart(chart);
        registered.add(XCHART_CHART);
      }
    }
    if (!registered.contains(TABLESAW_TABLE)) {
      Class<?> table = findClass.apply(TABLESAW_TABLE);
      if (table != null) {
        registerTablesaw(table);
        registered.add(TABLESAW_TABLE);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void registerXChart(Class chartClass) {
    renderer
        .createRegistration(chartClass)
        .preferring(Image.PNG)
        .supporting(Image.PNG)
        .register(
            (chart, context) -> {
              try {
                Class<?> encoder = Class.forName(XCHART_ENCODER, true, chartClass.getClassLoader());
                Method toImage = bufferedImageMethod(encoder, chartClass);
                Image.renderImage((BufferedImage) toImage.invoke(null, chart), context);
              } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot draw the XChart chart: " + e, e);
              }
            });
  }

  /**
   * {@code BitmapEncoder.getBufferedImage(...)}: its parameter type changed across XChart versions.
   */
  private static Method bufferedImageMethod(Class<?> encoder, Class<?> chartClass)
      throws NoSuchMethodException {
    for (Method m : encoder.getMethods()) {
      if (m.getName().equals("getBufferedImage")
          && m.getParameterCount() == 1
          && m.getParameterTypes()[0].isAssignableFrom(chartClass)) {
        return m;
      }
    }
    throw new NoSuchMethodException(encoder.getName() + ".getBufferedImage(" + chartClass + ")");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void registerTablesaw(Class tableClass) {
    renderer
        .createRegistration(tableClass)
        .preferring(Text.HTML)
        .supporting(Text.HTML, Text.PLAIN)
        .register(
            (table, context) -> {
              try {
                TableView view = TableView.of(table);
                context.renderIfRequested(Text.HTML, view::html);
                context.renderIfRequested(Text.PLAIN, table::toString);
              } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot show the Tablesaw table: " + e, e);
              }
            });
  }

  /** A Tablesaw table read through its public API by reflection. */
  record TableView(String name, List<String> columns, List<List<String>> rows, int rowCount) {

    static TableView of(Object table) throws ReflectiveOperationException {
      ClassLoader loader = table.getClass().getClassLoader();
      Class<?> relation = Class.forName("tech.tablesaw.table.Relation", true, loader);
      Class<?> column = Class.forName("tech.tablesaw.columns.Column", true, loader);
      String name = (String) relation.getMethod("name").invoke(table);
      int rowCount = (Integer) relation.getMethod("rowCount").invoke(table);
      List<?> cols = (List<?>) relation.getMethod("columns").invoke(table);
      Method columnName = column.getMethod("name");
      Method cell = column.getMethod("getString", int.class);
      List<String> names = new java.util.ArrayList<>();
      for (Object c : cols) {
        names.add((String) columnName.invoke(c));
      }
      List<List<String>> rows = new java.util.ArrayList<>();
      for (int r = 0; r < Math.min(rowCount, MAX_TABLE_ROWS); r++) {
        List<String> row = new java.util.ArrayList<>();
        for (Object c : cols) {
          row.add((String) cell.invoke(c, r));
        }
        rows.add(row);
      }
      return new TableView(name, names, rows, rowCount);
    }

    String html() {
      StringBuilder out = new StringBuilder("<table>");
      if (name != null && !name.isBlank()) {
        out.append("<caption>").append(escape(name)).append("</caption>");
      }
      out.append("<thead><tr>");
      columns.forEach(c -> out.append("<th>").append(escape(c)).append("</th>"));
      out.append("</tr></thead><tbody>");
      for (List<String> row : rows) {
        out.append("<tr>");
        row.forEach(v -> out.append("<td>").append(escape(v)).append("</td>"));
        out.append("</tr>");
      }
      out.append("</tbody></table>");
      if (rowCount > rows.size()) {
        out.append("<p>")
            .append(rows.size())
            .append(" of ")
            .append(rowCount)
            .append(" rows shown</p>");
      }
      return out.toString();
    }

    private static String escape(String s) {
      return s == null
          ? ""
          : s.replace("&", "&amp;")
              .replace("<", "&lt;")
              .replace(">", "&gt;")
              .replace("\"", "&quot;");
    }
  }
}
