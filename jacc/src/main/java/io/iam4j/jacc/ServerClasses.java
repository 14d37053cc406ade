package io.iam4j.jacc;

/** Instantiates the server's own provider classes, which this provider wraps. */
final class ServerClasses {
  private ServerClasses() {}

  static <T> T newInstance(String name, Class<T> type) {
    try {
      return type.cast(load(name).getConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("iam4j's Jakarta Authorization provider delegates declared constraints to "
          + name + ", which this server does not have", e);
    }
  }

  /** Our own loader first (it is the server's on Payara Micro), then the installing thread's. */
  private static Class<?> load(String name) throws ClassNotFoundException {
    try {
      return Class.forName(name, true, ServerClasses.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      ClassLoader tccl = Thread.currentThread().getContextClassLoader();
      if (tccl == null) {
        throw e;
      }
      return Class.forName(name, true, tccl);
    }
  }
}
