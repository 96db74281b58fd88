package dev.dither.runtime;

/** Test access to {@link AtomicFile}'s progress hook (same package, test classpath only). */
public final class SaveHooks {
  private SaveHooks() {}

  /** Kills the JVM, without shutdown hooks or finalisation, once half of a file's bytes are written. */
  public static void haltHalfway(int exitCode) {
    AtomicFile.progress = (written, total) -> {
      if (written >= total / 2) {
        Runtime.getRuntime().halt(exitCode);
      }
    };
  }
}
