package dev.trackbook.magics.kernel;

import dev.trackbook.kernel.BlockMagics;
import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.MagicCatalog;
import dev.trackbook.magics.MagicUsageException;
import dev.trackbook.magics.NotebookSession;
import java.util.List;

/**
 * The magics' Java in place of a magic line inside a block, so that {@code %metric loss=loss} in a
 * loop logs the loop's {@code loss}, as the converted pipeline does, not a top-level variable of
 * the same name. Used by the Trackbook kernel only.
 */
final class InlinedMagics implements BlockMagics {
  private final KernelSession session;

  InlinedMagics(KernelSession session) {
    this.session = session;
  }

  @Override
  public String inline(String name, List<String> args, boolean expression) {
    Magic magic = MagicCatalog.lineMagic(name).filter(Magic::inlineInBlocks).orElse(null);
    if (magic == null) {
      return null;
    }
    JavaCall call;
    try {
      call =
          magic.toJava(
              magic.schema().parse(KernelSession.asWritten(args)), null, NotebookSession.TRACKING);
    } catch (MagicUsageException e) {
      return null; // run as its own call, which reports the mistake in one line
    }
    String java;
    if (expression) {
      java = call.expression();
    } else if (!call.statements().isBlank()) {
      java = call.statements();
    } else {
      java = call.expression() == null ? null : call.expression() + ";";
    }
    // One line, so that the cell's later lines keep their numbers in errors.
    return java == null ? null : java.replace('\n', ' ');
  }

  @Override
  public void ran(String name, List<String> args) {
    MagicCatalog.lineMagic(name)
        .ifPresent(m -> session.ran(m, m.schema().parse(KernelSession.asWritten(args))));
  }
}
