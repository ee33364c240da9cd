package dev.trackbook.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * jjava's renderer with the kernel's plain-text fallback for arrays: a value no registration gave a
 * plain-text form shows as JShell shows it ({@link KernelDisplay#arrayText}) instead of {@code
 * [I@7d524e34}. It is a fallback rather than a registration because jjava looks registrations up by
 * class: one for {@code Object[]} misses {@code int[]}, one for {@code Object} would shadow every
 * interface registration (images). A cell's value, {@code display(arr)}, {@code render(arr)} and
 * pipelines ({@link PipelineDisplay}) all render through it.
 */
public class KernelRenderer extends Renderer {

  @Override
  protected DisplayData finalizeDisplayData(DisplayData data, Object value) {
    if (value != null && value.getClass().isArray() && !data.hasDataForType(MIMEType.TEXT_PLAIN)) {
      data.putText(KernelDisplay.arrayText(value));
    }
    return super.finalizeDisplayData(data, value);
  }
}
