package dev.trackbook.kernel.engine;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
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

    /**
     * A cell class's bytes as a resource too, as JShell's loader serves them (ASM-style readers).
     */
    @Override
    public URL findResource(String name) {
      byte[] bytes = cellClassBytes(name);
      return bytes != null ? inMemory(name, bytes) : super.findResource(name);
    }

    @Override
    public Enumeration<URL> findResources(String name) throws IOException {
      byte[] bytes = cellClassBytes(name);
      if (bytes == null) {
        return super.findResources(name);
      }
      List<URL> all = new ArrayList<>(List.of(inMemory(name, bytes)));
      all.addAll(Collections.list(super.findResources(name)));
      return Collections.enumeration(all);
    }

    private byte[] cellClassBytes(String resource) {
      return resource.endsWith(".class")
          ? declared.get(resource.substring(0, resource.length() - 6).replace('/', '.'))
          : null;
    }

    private static URL inMemory(String name, byte[] bytes) {
      try {
        return new URL(
            null,
            "trackbook-cell:" + name,
            new URLStreamHandler() {
              @Override
              protected URLConnection openConnection(URL url) {
                return new URLConnection(url) {
                  @Override
                  public void connect() {}

                  @Override
                  public InputStream getInputStream() {
                    return new ByteArrayInputStream(bytes);
                  }
                };
              }
            });
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(URL url) {
      addURL(url);
    }
  }

  private final SnippetClassLoader loader;

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
        installed[i++] = true;
        type.getDeclaredMethods(); // links (and verifies) it now, as JShell's own delegate does
      }
    } catch (Throwable e) {
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
    return loader.loadClass(name); // a cell's class comes from findLoadedClass, defined once
  }
}
