package dev.trackbook.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Text;

/**
 * Rich output helpers every notebook cell can call unqualified: {@code html("<b>hi</b>")}, {@code
 * markdown("# Title")}, {@code svg("<svg ...>")}. Each returns a value that renders as that type
 * when it ends a cell, and can be passed to {@code display(...)} to show it mid-cell.
 */
public final class KernelDisplay {

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
