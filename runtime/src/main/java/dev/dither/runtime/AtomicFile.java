package dev.dither.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that a crash at any moment leaves either the old file or the complete new
 * one: the bytes go to a temporary file in the same directory, are forced to the device, the
 * temporary file is renamed over the target atomically, and the directory is forced so that the
 * rename itself survives a power cut (where the platform allows opening a directory; Windows
 * does not, and its rename is then only as durable as NTFS makes it).
 */
final class AtomicFile {
  /** Observes the bytes written so far; tests use it to kill the JVM in the middle of a save. */
  interface Progress {
    void wrote(long written, long total);
  }

  private static final int CHUNK = 1 << 16;

  /** For tests only: called after every chunk written to the temporary file. */
  static volatile Progress progress;

  private AtomicFile() {}

  /** Writes {@code parts}, in order, as the new content of {@code target}. */
  static void write(Path target, List<byte[]> parts) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = createTemp(dir, absolute.getFileName().toString());
    boolean done = false;
    try {
      long total = 0;
      for (byte[] part : parts) {
        total += part.length;
      }
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        long written = 0;
        for (byte[] part : parts) {
          for (int from = 0; from < part.length; from += CHUNK) {
            ByteBuffer chunk = ByteBuffer.wrap(part, from, Math.min(CHUNK, part.length - from));
            while (chunk.hasRemaining()) {
              written += out.write(chunk);
            }
            Progress p = progress;
            if (p != null) {
              p.wrote(written, total);
            }
          }
        }
        out.force(true);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + absolute + " atomically on this file system; nothing was"
            + " changed", e);
      }
      done = true;
      syncDirectory(dir);
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * A new empty file next to the target. Not {@code Files.createTempFile}: its owner-only
   * permissions would pass to the saved file, where a new file's default (the umask) is expected.
   * A crash leaves it behind, named {@code .<target>.<random>.tmp}; it can be deleted.
   */
  private static Path createTemp(Path dir, String name) throws IOException {
    while (true) {
      Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        // Another save's temporary file: draw another name.
      }
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Directories cannot be opened or forced on some platforms (Windows): the rename has
      // happened, only its durability across a power cut is then up to the file system.
    }
  }
}
