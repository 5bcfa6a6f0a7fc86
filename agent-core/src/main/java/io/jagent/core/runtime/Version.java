package io.jagent.core.runtime;

/** The agent version: {@code Implementation-Version} of the agent-core jar, else {@code dev}. */
public final class Version {
  private Version() {}

  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "dev" : v;
  }
}
