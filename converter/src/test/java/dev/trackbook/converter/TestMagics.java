package dev.trackbook.converter;

import dev.trackbook.converter.magic.MagicTranslator;
import java.nio.file.Path;
import java.util.List;

/**
 * A fixed stand-in for the magics module's rewriter, so golden files test the converter's format
 * and not the magics' generated code (which the magics module tests itself).
 */
final class TestMagics implements MagicTranslator {

  @Override
  public Translation translate(String magic, Path notebookDirectory) {
    if (!magic.stripLeading().startsWith("%")) {
      return new Translation(magic, List.of());
    }
    String[] words = magic.strip().split("\\s+", 2);
    String args = words.length > 1 ? words[1] : "";
    return switch (words[0]) {
      case "%maven" -> new Translation("", List.of(args));
      case "%runs" -> new Translation("", List.of());
      case "%experiment" -> new Translation("Tracking.experiment(\"" + args + "\");", List.of());
      case "%metric" -> {
        String[] kv = args.split("=|\\s+");
        String step = args.contains("--step") ? ", " + kv[kv.length - 1] : "";
        yield new Translation(
            "Tracking.metric(\"" + kv[0] + "\", " + kv[1] + step + ");", List.of());
      }
      case "%%timeit" -> {
        String body = magic.substring(magic.indexOf('\n') + 1);
        yield new Translation(
            "long t0 = System.nanoTime();\n"
                + body
                + "\nSystem.out.println(System.nanoTime() - t0);",
            List.of());
      }
      default -> throw new IllegalArgumentException("unknown magic " + words[0]);
    };
  }
}
