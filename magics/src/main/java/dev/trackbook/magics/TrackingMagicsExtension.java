package dev.trackbook.magics;

import dev.trackbook.magics.kernel.KernelMagics;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Installs the tracking magics into a jjava-jupyter kernel: the Trackbook kernel, or a stock JJava
 * kernel (found through {@code META-INF/services/org.dflib.jjava.jupyter.Extension}). Installing
 * twice is harmless: the second install replaces the first's registrations.
 */
public final class TrackingMagicsExtension implements Extension {

  @Override
  public void install(BaseKernel kernel) {
    KernelMagics.register(kernel);
  }
}
