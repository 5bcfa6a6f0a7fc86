package io.jagent.core.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSIX signal handling through {@code sun.misc.Signal} (module jdk.unsupported): TERM and INT
 * stop, HUP reloads. Handlers only enqueue a command; the JVM runs them on a short-lived thread.
 *
 * <p>{@code sun.misc.Signal} is reached through reflection only because javac reports every direct
 * use as "internal proprietary API" with a warning no annotation can suppress, and the build keeps
 * {@code -Xlint:all} clean. The API itself is supported (jdk.unsupported exports it).
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger("agent");

  /** Handlers replaced by the last install (signal handlers are process-wide by nature). */
  private static final List<Object[]> PREVIOUS = new ArrayList<>();

  private Signals() {}

  static synchronized void install(Runnable stop, Runnable reload, Runnable flush) {
    handle("TERM", stop);
    handle("INT", stop);
    handle("HUP", reload);
    handle("USR1", flush);
  }

  private static void handle(String name, Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      action.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "SignalHandler[" + name + "]";
                  });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object previous = handle.invoke(null, signal, handler);
      PREVIOUS.add(new Object[] {handle, signal, previous});
    } catch (InvocationTargetException e) {
      // IllegalArgumentException: the signal does not exist here or the JVM uses it
      LOG.debug("Signal {} not handled: {}", name, e.getCause().toString());
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Signal {} cannot be handled on this JVM: {}", name, e.toString());
    }
  }

  /** Restores the handlers replaced by {@link #install}. */
  static synchronized void uninstall() {
    for (Object[] p : PREVIOUS) {
      try {
        ((Method) p[0]).invoke(null, p[1], p[2]);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.debug("Restoring a signal handler failed: {}", e.toString());
      }
    }
    PREVIOUS.clear();
  }
}
