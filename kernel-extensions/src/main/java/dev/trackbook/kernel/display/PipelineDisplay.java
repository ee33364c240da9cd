package dev.trackbook.kernel.display;

import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * The kernel's display API ({@code display}, {@code render}, {@code updateDisplay}, {@code printf})
 * for a pipeline, which has no notebook to show things in: what a notebook would show goes to
 * stdout as its plain text. Pipeline cells import it statically where notebook cells import jjava's
 * {@code BaseNotebookStatics}, so a cell that displays something runs in both; values are rendered
 * by the kernel's own renderers ({@link KernelDisplay#registerStandard}).
 */
public final class PipelineDisplay {

  /** The static import pipeline cells get. */
  public static final String STATIC_IMPORT = PipelineDisplay.class.getName() + ".*";

  private static final Renderer RENDERER = new KernelRenderer();

  static {
    KernelDisplay.registerStandard(RENDERER);
  }

  private PipelineDisplay() {}

  public static void printf(String format, Object... args) {
    System.out.printf(format, args);
  }

  public static DisplayData render(Object o) {
    return RENDERER.render(o);
  }

  public static DisplayData render(Object o, String... as) {
    return RENDERER.renderAs(o, as);
  }

  /** Prints {@code o}'s plain text; returns a display id, as in a notebook. */
  public static String display(Object o) {
    return show(render(o));
  }

  public static String display(Object o, String... as) {
    return show(render(o, as));
  }

  /** Prints the new value: a pipeline's output cannot be changed in place. */
  public static void updateDisplay(String id, Object o) {
    show(render(o));
  }

  public static void updateDisplay(String id, Object o, String... as) {
    show(render(o, as));
  }

  private static String show(DisplayData data) {
    Object text = data.getData(MIMEType.TEXT_PLAIN);
    System.out.println(text != null ? text : "[display without a plain-text form]");
    return data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
  }
}
