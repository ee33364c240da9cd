package dev.trackbook.magics.kernel;

import dev.trackbook.magics.Magic;
import dev.trackbook.magics.MagicCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/** Registers every catalogued magic, and its {@code %name?} help, in a kernel's magics registry. */
public final class KernelMagics {

  private KernelMagics() {}

  /** Registers the magics in {@code kernel}, bound to a new session for that kernel. */
  public static void register(BaseKernel kernel) {
    KernelSession session = new KernelSession(kernel);
    if (TrackbookKernelHooks.isTrackbookKernel(kernel)) {
      TrackbookKernelHooks.attach(kernel, session);
    }
    MagicsRegistry registry = kernel.getMagicsRegistry();
    Map<String, List<Magic>> helpByName = new LinkedHashMap<>();
    for (Magic magic : MagicCatalog.lineMagics()) {
      LineMagic<Object, BaseKernel> line = (k, args) -> session.runLine(magic, args);
      registry.registerLineMagic(magic.schema().name(), line);
      helpByName.computeIfAbsent(magic.schema().name(), n -> new ArrayList<>()).add(magic);
    }
    for (Magic magic : MagicCatalog.cellMagics()) {
      CellMagic<Object, BaseKernel> cell = (k, args, body) -> session.runCell(magic, args, body);
      registry.registerCellMagic(magic.schema().name(), cell);
      helpByName.computeIfAbsent(magic.schema().name(), n -> new ArrayList<>()).add(magic);
    }
    // jjava-jupyter reads "%metric?" as a magic named "metric?", so help is a magic of its own.
    helpByName.forEach(
        (name, magics) -> {
          LineMagic<Object, BaseKernel> help = (k, args) -> session.help(magics);
          registry.registerLineMagic(name + "?", help);
        });
  }
}
