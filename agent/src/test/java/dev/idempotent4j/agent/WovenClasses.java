package dev.idempotent4j.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * Class loaders that weave without an agent, for unit tests of the weaver against the real runtime:
 * {@link #inDirectory} runs every class of a directory through {@link TaskClassFileTransformer} as
 * the agent would; {@link #defining} defines given class files in place of the parent's copies.
 *
 * <pre>{@code
 * URLClassLoader loader = WovenClasses.inDirectory(tempDir);
 * Object value = WovenClasses.call(loader.loadClass("demo.Shapes"), null, "twice", "k");
 * }</pre>
 */
final class WovenClasses {

  private WovenClasses() {}

  /** A loader for {@code dir} that weaves what it defines; its parent sees the runtime. */
  static URLClassLoader inDirectory(Path dir) {
    TaskClassFileTransformer transformer = new TaskClassFileTransformer(new TaskIndexes());
    try {
      return new URLClassLoader(
          new URL[] {dir.toUri().toURL()}, WovenClasses.class.getClassLoader()) {
        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
          String internalName = name.replace('.', '/');
          byte[] classFile;
          try (InputStream in = getResourceAsStream(internalName + ".class")) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            classFile = in.readAllBytes();
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
          byte[] woven = transformer.transform(this, internalName, null, null, classFile);
          byte[] defined = woven == null ? classFile : woven;
          return defineClass(name, defined, 0, defined.length);
        }
      };
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  /** A loader that defines {@code classFiles} (by binary name) itself, child-first. */
  static ClassLoader defining(ClassLoader parent, Map<String, byte[]> classFiles) {
    return new ClassLoader(parent) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        byte[] classFile = classFiles.get(name);
        if (classFile == null) {
          return super.loadClass(name, resolve);
        }
        // Tests load from one thread; the JDK's per-name lock is what parallel loading needs.
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : defineClass(name, classFile, 0, classFile.length);
        }
      }
    };
  }

  /** The class file of a class on the test class path. */
  static byte[] classFileOf(Class<?> type) {
    try (InputStream in =
        type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Calls {@code method} (found by name among the public methods), unwrapping its exception. */
  static Object call(Class<?> type, Object target, String method, Object... args) throws Throwable {
    for (Method candidate : type.getMethods()) {
      if (candidate.getName().equals(method)
          && candidate.getParameterCount() == args.length
          && !candidate.isBridge()) {
        try {
          return candidate.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no public method " + method + " with " + args.length + " arguments");
  }
}
