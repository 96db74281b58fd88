package dev.dither.samples.fashion;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (big-endian header: two zero bytes, the type
 * code 0x08 for unsigned bytes, the number of dimensions, then one 32-bit size per dimension),
 * plain or gzip-compressed as Debian ships them. Anything else is an {@link IdxFormatException}
 * naming the file, what was expected and what was found.
 */
public final class Idx {
  /** Header of an image file: unsigned bytes, three dimensions (count, rows, columns). */
  static final int IMAGES_MAGIC = 0x0000_0803;
  /** Header of a label file: unsigned bytes, one dimension. */
  static final int LABELS_MAGIC = 0x0000_0801;

  private Idx() {}

  /** Images scaled to [0, 1] (pixel / 255, as torchvision's ToTensor), one after the other. */
  public record Images(int count, int rows, int columns, float[] pixels) {
    public int pixelsPerImage() {
      return rows * columns;
    }
  }

  public static Images readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      magic(in, file, IMAGES_MAGIC);
      int count = dimension(in, file, "image count");
      int rows = dimension(in, file, "row count");
      int columns = dimension(in, file, "column count");
      long size = (long) count * rows * columns;
      if (size > Integer.MAX_VALUE) {
        throw new IdxFormatException(String.format(Locale.ROOT, "%s: %d images of %dx%d pixels do not fit in one array",
            file, count, rows, columns));
      }
      byte[] raw = body(in, file, (int) size, String.format(Locale.ROOT, "%d images of %dx%d", count, rows, columns));
      float[] pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xFF) / 255f;
      }
      return new Images(count, rows, columns, pixels);
    }
  }

  /** Labels, each checked to lie in {@code [0, classes)}. */
  public static int[] readLabels(Path file, int classes) throws IOException {
    try (DataInputStream in = open(file)) {
      magic(in, file, LABELS_MAGIC);
      int count = dimension(in, file, "label count");
      byte[] raw = body(in, file, count, count + " labels");
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xFF;
        if (labels[i] >= classes) {
          throw new IdxFormatException(String.format(Locale.ROOT, "%s: label %d is %d, expected 0..%d",
              file, i, labels[i], classes - 1));
        }
      }
      return labels;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16));
      } catch (EOFException | ZipException e) {
        in.close();
        throw new IdxFormatException(file + ": truncated or corrupt gzip header: " + e.getMessage());
      }
    }
    return new DataInputStream(in);
  }

  private static void magic(DataInputStream in, Path file, int expected) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException | ZipException e) {
      throw new IdxFormatException(file + ": truncated before the end of its 4-byte magic number");
    }
    if (magic != expected) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: magic number 0x%08X, expected 0x%08X (%s); is it the right file, uncorrupted?", file, magic, expected,
          expected == IMAGES_MAGIC ? "IDX unsigned-byte images, 3 dimensions" : "IDX unsigned-byte labels, 1 dimension"));
    }
  }

  private static int dimension(DataInputStream in, Path file, String what) throws IOException {
    int value;
    try {
      value = in.readInt();
    } catch (EOFException | ZipException e) {
      throw new IdxFormatException(file + ": truncated in the header, before the " + what);
    }
    if (value < 0) {
      throw new IdxFormatException(String.format(Locale.ROOT, "%s: %s is %d, expected a non-negative size", file, what,
          value));
    }
    return value;
  }

  private static byte[] body(DataInputStream in, Path file, int size, String what) throws IOException {
    byte[] raw = new byte[size];
    int read;
    try {
      read = in.readNBytes(raw, 0, size);
    } catch (EOFException | ZipException e) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: truncated or corrupt gzip data while reading %s (%d bytes of data): %s", file, what, size,
          e.getMessage()));
    }
    if (read < size) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: truncated: the header announces %s (%d bytes of data) but the file ends after %d", file, what, size,
          read));
    }
    if (in.read() != -1) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: more data than the header announces (%s, %d bytes)", file, what, size));
    }
    return raw;
  }
}
