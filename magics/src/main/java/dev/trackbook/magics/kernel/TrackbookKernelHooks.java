package dev.trackbook.magics.kernel;

import dev.trackbook.kernel.TrackbookKernel;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * What only the Trackbook kernel offers: a listener after each cell, which gives provenance the
 * source of every executed cell, magics inside blocks compiled in place, and a cell magic's value
 * shown as the cell's result. Loaded only when the kernel is a {@link TrackbookKernel}; in a stock
 * JJava kernel this class (and the kernel class it names) is never touched.
 */
final class TrackbookKernelHooks {

  static final String KERNEL_CLASS = "dev.trackbook.kernel.TrackbookKernel";

  private TrackbookKernelHooks() {}

  static boolean isTrackbookKernel(BaseKernel kernel) {
    return kernel.getClass().getName().equals(KERNEL_CLASS);
  }

  static void attach(BaseKernel kernel, KernelSession session) {
    ((TrackbookKernel) kernel).addCellListener((source, result) -> session.cellExecuted(source));
    // Magic lines inside blocks become the magics' Java in place, reading the block's locals.
    ((TrackbookKernel) kernel).blockMagics(new InlinedMagics(session));
    session.kernelShowsCellMagicValues();
  }

  /**
   * The kernel engine's {@code declarationsVersion}: compiled notebook code stays valid while
   * equal.
   */
  static long declarationsVersion(BaseKernel kernel) {
    return ((TrackbookKernel) kernel).engine().declarationsVersion();
  }

  /** Whether code evaluated from the calling thread would wait for a running cell. */
  static boolean wouldWaitForTheRunningCell(BaseKernel kernel) {
    return ((TrackbookKernel) kernel).engine().wouldWaitForTheRunningCell();
  }

  /**
   * What {@code %maven} and {@code %classpath} added for the notebook's code, beyond the JVM's
   * class path.
   */
  static List<String> addedClasspath(BaseKernel kernel) {
    return ((TrackbookKernel) kernel).engine().classpath();
  }
}
