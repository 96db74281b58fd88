package dev.dither.samples.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path temp;

  static Path fixture() {
    try {
      return Path.of(IdxTest.class.getResource("/fashion-mnist-fixture").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void readsTheFixtureGzippedAndPlain() throws IOException {
    FashionMnistData data = FashionMnistData.load(fixture());
    assertEquals(40, data.trainImages().count());
    assertEquals(20, data.testImages().count());
    assertEquals(28, data.trainImages().rows());
    assertEquals(28, data.testImages().columns());
    assertEquals(40 * 784, data.trainImages().pixels().length);
    int[] expected = new int[20];
    Arrays.setAll(expected, i -> i % 10);
    assertArrayEquals(expected, data.testLabels());
    for (float p : data.trainImages().pixels()) {
      assertTrue(p >= 0 && p <= 1, "pixel scaled into [0, 1]: " + p);
    }
    // The fixture's class k has a bright band at rows 2k+4..2k+6: check one known pixel of it.
    int k = data.trainLabels()[3];
    float bright = data.trainImages().pixels()[3 * 784 + (2 * k + 5) * 28 + 10];
    assertTrue(bright >= 180 / 255f, "band pixel " + bright);
  }

  @Test
  void plainAndGzippedFilesReadAlike() throws IOException {
    byte[] raw = Files.readAllBytes(fixture().resolve("t10k-images-idx3-ubyte"));
    Path gz = temp.resolve("images.gz");
    Files.write(gz, gzip(raw));
    assertArrayEquals(Idx.readImages(fixture().resolve("t10k-images-idx3-ubyte")).pixels(), Idx.readImages(gz).pixels());
  }

  @Test
  void everyTruncationIsReportedAsTruncated() throws IOException {
    byte[] images = Files.readAllBytes(fixture().resolve("t10k-images-idx3-ubyte"));
    byte[] labels = Files.readAllBytes(fixture().resolve("t10k-labels-idx1-ubyte"));
    Random random = new Random(8);
    for (int trial = 0; trial < 60; trial++) {
      boolean ofImages = trial % 2 == 0;
      byte[] whole = ofImages ? images : labels;
      int cut = trial < 16 ? trial : random.nextInt(whole.length);
      boolean compressed = trial % 3 == 0;
      Path file = temp.resolve("cut" + trial);
      byte[] truncated = Arrays.copyOf(whole, cut);
      Files.write(file, compressed ? gzip(truncated) : truncated);
      IdxFormatException e = assertThrows(IdxFormatException.class,
          () -> read(file, ofImages), "cut at " + cut + " of " + whole.length);
      assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(file.toString()),
          "cut at " + cut + ": " + e.getMessage());
    }
    // A gzip stream cut short is also truncated data, not a crash.
    byte[] gz = gzip(images);
    Path cutGz = temp.resolve("cut.gz");
    Files.write(cutGz, Arrays.copyOf(gz, gz.length / 2));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(cutGz));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void aWrongMagicNumberSaysWhatWasExpected() throws IOException {
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> Idx.readImages(fixture().resolve("t10k-labels-idx1-ubyte")));
    assertTrue(e.getMessage().contains("0x00000801") && e.getMessage().contains("expected 0x00000803"),
        e.getMessage());
    e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(fixture().resolve("t10k-images-idx3-ubyte"), 10));
    assertTrue(e.getMessage().contains("0x00000803") && e.getMessage().contains("expected 0x00000801"),
        e.getMessage());
    Random random = new Random(3);
    byte[] images = Files.readAllBytes(fixture().resolve("t10k-images-idx3-ubyte"));
    for (int trial = 0; trial < 30; trial++) {
      byte[] corrupt = images.clone();
      int at = random.nextInt(4);
      corrupt[at] = (byte) (corrupt[at] + 1 + random.nextInt(255));
      Path file = temp.resolve("magic" + trial);
      Files.write(file, corrupt);
      e = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
      assertTrue(e.getMessage().contains("magic number"), e.getMessage());
    }
  }

  @Test
  void extraDataLabelsOutOfRangeAndMismatchedCountsAreErrors() throws IOException {
    byte[] labels = Files.readAllBytes(fixture().resolve("t10k-labels-idx1-ubyte"));
    Path longer = temp.resolve("longer");
    Files.write(longer, Arrays.copyOf(labels, labels.length + 1));
    assertTrue(assertThrows(IdxFormatException.class, () -> Idx.readLabels(longer, 10)).getMessage()
        .contains("more data than the header announces"));
    byte[] bad = labels.clone();
    bad[8 + 5] = 10;
    Path outOfRange = temp.resolve("range");
    Files.write(outOfRange, bad);
    assertTrue(assertThrows(IdxFormatException.class, () -> Idx.readLabels(outOfRange, 10)).getMessage()
        .contains("label 5 is 10, expected 0..9"));

    Path dir = temp.resolve("mismatch");
    Files.createDirectories(dir);
    for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte"}) {
      Files.copy(fixture().resolve(name), dir.resolve(name));
    }
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Arrays.copyOf(labels, labels.length - 1));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> {
      byte[] fewer = Arrays.copyOf(labels, labels.length - 1);
      fewer[7] = (byte) (fewer[7] - 1);
      Files.write(dir.resolve("t10k-labels-idx1-ubyte"), fewer);
      FashionMnistData.load(dir);
    });
    assertTrue(e.getMessage().contains("the test set has 20 images but 19 labels"), e.getMessage());
  }

  @Test
  void aMissingDataSetSaysHowToInstallIt() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FashionMnistData.load(temp));
    assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
  }

  private static Object read(Path file, boolean images) throws IOException {
    return images ? Idx.readImages(file) : Idx.readLabels(file, 10);
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }
}
