package dev.trackbook.kernel.engine;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Defines cell classes, and holds added class path entries, in one class loader under a parent of
 * our choosing (JShell's own delegate always uses the system class loader on Java 17).
 */
final class SnippetLoaderDelegate implements LoaderDelegate {

  /** Cell classes are defined from the bytes JShell hands over; jars and directories by URL. */
  static final class SnippetClassLoader extends URLClassLoader {
    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

    SnippetClassLoader(ClassLoader parent) {
      super("trackbook-cells", new URL[0], parent);
    }

    void declare(String name, byte[] bytes) {
      declared.put(name, bytes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = declared.get(name);
      if (bytes != null) {
        return defineClass(name, bytes, 0, bytes.length);
      }
      return super.findClass(name);
    }

    void add(URL url) {
      addURL(url);
    }
  }

  private final SnippetClassLoader loader;
  private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

  SnippetLoaderDelegate(ClassLoader parent) {
    this.loader = new SnippetClassLoader(parent);
  }

  SnippetClassLoader loader() {
    return loader;
  }

  @Override
  public void load(ClassBytecodes[] cbcs) throws ClassInstallException, EngineTerminationException {
    boolean[] installed = new boolean[cbcs.length];
    for (ClassBytecodes cbc : cbcs) {
      loader.declare(cbc.name(), cbc.bytecodes());
    }
    int i = 0;
    try {
      for (ClassBytecodes cbc : cbcs) {
        Class<?> type = loader.loadClass(cbc.name());
        classes.put(cbc.name(), type);
        type.getDeclaredMethods(); // links (and verifies) it now, as JShell's own delegate does
        installed[i++] = true;
      }
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ClassInstallException("cannot load a cell's class: " + e, installed);
    }
  }

  @Override
  public void classesRedefined(ClassBytecodes[] cbcs) {
    for (ClassBytecodes cbc : cbcs) {
      loader.declare(cbc.name(), cbc.bytecodes());
    }
  }

  @Override
  public void addToClasspath(String path) throws EngineTerminationException, InternalException {
    try {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          loader.add(Path.of(entry).toUri().toURL());
        }
      }
    } catch (MalformedURLException | RuntimeException e) {
      throw new InternalException("cannot add " + path + " to the class path: " + e);
    }
  }

  @Override
  public Class<?> findClass(String name) throws ClassNotFoundException {
    Class<?> type = classes.get(name);
    return type != null ? type : loader.loadClass(name);
  }
}
