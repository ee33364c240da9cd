package dev.trackbook.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.display.common.Url;

/**
 * Rich output helpers every notebook cell can call unqualified: {@code html("<b>hi</b>")}, {@code
 * markdown("# Title")}, {@code svg("<svg ...>")}. Each returns a value that renders as that type
 * when it ends a cell, and can be passed to {@code display(...)} to show it mid-cell.
 */
public final class KernelDisplay {

  /** The static import that lets cells call these unqualified (notebook and pipeline alike). */
  public static final String STATIC_IMPORT = KernelDisplay.class.getName() + ".*";

  private KernelDisplay() {}

  /** HTML to show. */
  public record Html(String html) {}

  /** Markdown to show, rendered by the front-end. */
  public record Markdown(String markdown) {}

  /** An SVG image to show. */
  public record Svg(String svg) {}

  public static Html html(String html) {
    return new Html(html);
  }

  public static Markdown markdown(String markdown) {
    return new Markdown(markdown);
  }

  public static Svg svg(String svg) {
    return new Svg(svg);
  }

  /** Elements an array's text shows before it says how many more there are. */
  static final int ARRAY_ELEMENTS_SHOWN = 1000;

  /**
   * An array as JShell shows it, {@code int[3] { 1, 2, 3 }} or {@code String[2] { "a", "b" }},
   * nested arrays too, instead of {@code [I@7d524e34}.
   */
  public static String arrayText(Object array) {
    StringBuilder sb = new StringBuilder();
    appendArray(sb, array, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    return sb.toString();
  }

  private static void appendArray(StringBuilder sb, Object array, java.util.Set<Object> open) {
    int length = java.lang.reflect.Array.getLength(array);
    Class<?> type = array.getClass().getComponentType();
    int dims = 0;
    while (type.isArray()) {
      type = type.getComponentType();
      dims++;
    }
    sb.append(type.getSimpleName()).append('[').append(length).append(']');
    sb.append("[]".repeat(dims)).append(" { ");
    if (!open.add(array)) {
      sb.append("... }"); // an Object[] that holds itself
      return;
    }
    int shown = Math.min(length, ARRAY_ELEMENTS_SHOWN);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object e = java.lang.reflect.Array.get(array, i);
      if (e == null) {
        sb.append("null");
      } else if (e.getClass().isArray()) {
        appendArray(sb, e, open);
      } else if (e instanceof String str) {
        sb.append('"').append(escaped(str)).append('"');
      } else if (e instanceof Character c) {
        sb.append('\'').append(escaped(String.valueOf(c))).append('\'');
      } else {
        sb.append(e);
      }
    }
    if (length > shown) {
      sb.append(", ... ").append(length - shown).append(" more");
    }
    open.remove(array);
    sb.append(length == 0 ? "}" : " }");
  }

  private static String escaped(String s) {
    return s.replace("\\", "\\\\")
        .replace("\"", "\\\"")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r");
  }

  /**
   * Teaches {@code renderer} what the kernel shows: jjava's images, text and URLs, and the three
   * types here; a notebook's kernel and a pipeline ({@link PipelineDisplay}) render alike.
   */
  public static void registerStandard(Renderer renderer) {
    Image.registerAll(renderer);
    Text.registerAll(renderer);
    Url.registerAll(renderer);
    registerAll(renderer);
  }

  /** Teaches {@code renderer} the three types; each keeps a plain-text fallback. */
  public static void registerAll(Renderer renderer) {
    renderer
        .createRegistration(Html.class)
        .preferring(Text.HTML)
        .supporting(Text.HTML, Text.PLAIN)
        .register(
            (h, context) -> {
              context.renderIfRequested(Text.HTML, h::html);
              context.renderIfRequested(Text.PLAIN, h::html);
            });
    renderer
        .createRegistration(Markdown.class)
        .preferring(Text.MARKDOWN)
        .supporting(Text.MARKDOWN, Text.PLAIN)
        .register(
            (m, context) -> {
              context.renderIfRequested(Text.MARKDOWN, m::markdown);
              context.renderIfRequested(Text.PLAIN, m::markdown);
            });
    renderer
        .createRegistration(Svg.class)
        .preferring(Text.SVG)
        .supporting(Text.SVG, Text.PLAIN)
        .register(
            (s, context) -> {
              context.renderIfRequested(Text.SVG, s::svg);
              context.renderIfRequested(Text.PLAIN, () -> "[SVG image]");
            });
  }
}
