package dev.trackbook.kernel.engine;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of a pipeline's cell classes: the JDK, plus only those classes of the hosting JVM that
 * a notebook's cells see in the kernel, whose jars hold nothing else (every other library in them
 * is relocated): the kernel, jjava, the magics and the tracking client. A pipeline runs inside the
 * CLI's jar or a test's class path, full of libraries (Jackson, Jetty, DJL, Tablesaw, ...) a
 * notebook does not see; without this, a pipeline's {@code %maven} of one of them in another
 * version silently ran the host's, where the notebook ran the one it asked for.
 */
final class KernelApiOnlyLoader extends ClassLoader {
  private static final List<String> SHARED =
      List.of(
          "dev.trackbook.kernel.",
          "dev.trackbook.magics.",
          "dev.trackbook.client.",
          "org.dflib.jjava.");

  private final ClassLoader host;

  KernelApiOnlyLoader(ClassLoader host) {
    super("trackbook-kernel-api", ClassLoader.getPlatformClassLoader());
    this.host = host;
  }

  private static boolean shared(String className) {
    return SHARED.stream().anyMatch(className::startsWith);
  }

  static boolean sharedResource(String path) {
    return shared(path.replace('/', '.'));
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (shared(name)) {
      return host.loadClass(name);
    }
    throw new ClassNotFoundException(name);
  }

  @Override
  protected URL findResource(String name) {
    return sharedResource(name) ? host.getResource(name) : null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return sharedResource(name) ? host.getResources(name) : Collections.emptyEnumeration();
  }
}
