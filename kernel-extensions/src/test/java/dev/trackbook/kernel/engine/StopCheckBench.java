package dev.trackbook.kernel.engine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * What the stop checks woven into cell classes (Java 20+) cost: the same compiled class loaded
 * twice, as compiled and woven, run alternately in one JVM; prints medians and their ratio. Run by
 * {@code bench/kernel/stop-checks}; not a test.
 */
public final class StopCheckBench {
  private static final String SOURCE =
      "public class Loops {\n"
          + "  public static long scalar(long n) {\n"
          + "    long s = 0;\n"
          + "    for (long i = 0; i < n; i++) { s += i ^ (i >> 3); }\n"
          + "    return s;\n"
          + "  }\n"
          + "  public static double arrays(int rounds) {\n"
          + "    double[] a = new double[1_000_000];\n"
          + "    for (int r = 0; r < rounds; r++) for (int i = 0; i < a.length; i++) a[i] = a[i] * 0.5 + i;\n"
          + "    return a[7];\n"
          + "  }\n"
          + "  public static long calls(int depth) { return depth == 0 ? 1 : calls(depth - 1) + calls(depth - 1); }\n"
          + "}\n";

  private StopCheckBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    byte[] compiled = compile();
    Class<?> plain = define(compiled);
    Class<?> woven = define(StopCheckWeaver.weave(compiled));
    record Case(String name, String method, Object arg) {}
    List<Case> cases =
        List.of(
            new Case("scalar loop, 3e8 iterations", "scalar", 300_000_000L),
            new Case("array loop, 40 x 1e6 doubles", "arrays", 40),
            new Case("recursive calls, 2^24", "calls", 24));
    System.out.printf(
        "%-32s %12s %12s %8s%n",
        "case (median of " + rounds + ")", "plain ms", "woven ms", "ratio");
    for (Case c : cases) {
      Method p = plain.getMethod(c.method(), c.arg() instanceof Long ? long.class : int.class);
      Method w = woven.getMethod(c.method(), c.arg() instanceof Long ? long.class : int.class);
      p.invoke(null, c.arg()); // warm-up: both get compiled before timing
      w.invoke(null, c.arg());
      double[] pt = new double[rounds];
      double[] wt = new double[rounds];
      for (int r = 0; r < rounds; r++) { // alternating, so drift on a shared machine hits both
        pt[r] = time(p, c.arg());
        wt[r] = time(w, c.arg());
      }
      double pm = median(pt);
      double wm = median(wt);
      System.out.printf("%-32s %12.1f %12.1f %8.2f%n", c.name(), pm, wm, wm / pm);
    }
  }

  private static double time(Method m, Object arg) throws Exception {
    long t0 = System.nanoTime();
    m.invoke(null, arg);
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double median(double[] xs) {
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static Class<?> define(byte[] bytes) {
    return new ClassLoader(StopCheckBench.class.getClassLoader()) {
      Class<?> load() {
        return defineClass("Loops", bytes, 0, bytes.length);
      }
    }.load();
  }

  private static byte[] compile() {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JavaFileObject source =
        new SimpleJavaFileObject(URI.create("string:///Loops.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return SOURCE;
          }
        };
    var files =
        new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
          @Override
          public JavaFileObject getJavaFileForOutput(
              Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className + ".class"), kind) {
              @Override
              public OutputStream openOutputStream() {
                return out;
              }
            };
          }
        };
    if (!javac.getTask(null, files, null, new ArrayList<>(), null, List.of(source)).call()) {
      throw new IllegalStateException("the benchmark's class does not compile");
    }
    return out.toByteArray();
  }
}
