package dev.trackbook.magics.kernel;

import dev.trackbook.kernel.BlockMagics;
import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.MagicCatalog;
import dev.trackbook.magics.MagicRewriter;
import dev.trackbook.magics.MagicUsageException;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ParsedArgs;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The magics' Java in place of a magic line inside a block, so that {@code %metric loss=loss} in a
 * loop logs the loop's {@code loss}, as the converted pipeline does, not a top-level variable of
 * the same name; and in place of a magic whose value is assigned, so that {@code var id = %run
 * start} declares a String, as in the pipeline. Used by the Trackbook kernel only.
 */
final class InlinedMagics implements BlockMagics {
  private final KernelSession session;

  /**
   * Each inlined call's magic and parsed arguments, by the call's argument list, which the kernel
   * passes as the same instance on every pass ({@link BlockMagics#ran}): a {@code %metric} in a
   * training loop re-tokenized and re-parsed its fixed arguments on every pass, 70% of the magic's
   * own cost per pass.
   */
  private final Map<List<String>, Parsed> parsed =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private record Parsed(Magic magic, ParsedArgs args) {}

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
      if (call.expression() == null) {
        // As the converter says it; run as its own call, it logged and then gave null (`var r`)
        // or a NullPointerException from the kernel's machinery (`double a`).
        throw magic.schema().usageError(MagicRewriter.NO_VALUE);
      }
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
  public String compileError(String name, List<String> args, String javacMessage) {
    Magic magic = MagicCatalog.lineMagic(name).orElse(null);
    if (magic == null) {
      return null;
    }
    // As the magic's own call says it (KernelSession): which library to add, or javac's why.
    return magic.schema().usageError(MagicCompileErrors.describe(javacMessage)).getMessage();
  }

  @Override
  public void ran(String name, List<String> args) {
    Parsed call = parsed.get(args);
    if (call == null) {
      Magic magic = MagicCatalog.lineMagic(name).orElse(null);
      if (magic == null) {
        return;
      }
      call = new Parsed(magic, magic.schema().parse(KernelSession.asWritten(args)));
      parsed.put(args, call);
    }
    session.ran(call.magic(), call.args());
  }
}
