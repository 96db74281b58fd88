package dev.dither.samples.fashion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** The Fashion-MNIST training and test sets, as 784 floats in [0, 1] per image and labels 0..9. */
public record FashionMnistData(Idx.Images trainImages, int[] trainLabels, Idx.Images testImages, int[] testLabels) {
  /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
  public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;
  public static final String INSTALL_HINT =
      "install Debian's package: apt-get update && apt-get install -y dataset-fashion-mnist"
          + " (or pass --data DIR with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
          + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])";

  /** Reads the four files from {@code directory}, each plain or gzip-compressed. */
  public static FashionMnistData load(Path directory) throws IOException {
    Idx.Images trainImages = Idx.readImages(find(directory, "train-images-idx3-ubyte"));
    int[] trainLabels = Idx.readLabels(find(directory, "train-labels-idx1-ubyte"), CLASSES);
    Idx.Images testImages = Idx.readImages(find(directory, "t10k-images-idx3-ubyte"));
    int[] testLabels = Idx.readLabels(find(directory, "t10k-labels-idx1-ubyte"), CLASSES);
    matching(trainImages, trainLabels, "training");
    matching(testImages, testLabels, "test");
    if (trainImages.pixelsPerImage() != testImages.pixelsPerImage()) {
      throw new IdxFormatException(String.format(Locale.ROOT, "training images are %dx%d but test images %dx%d",
          trainImages.rows(), trainImages.columns(), testImages.rows(), testImages.columns()));
    }
    return new FashionMnistData(trainImages, trainLabels, testImages, testLabels);
  }

  private static Path find(Path directory, String name) throws NoSuchFileException {
    for (String candidate : new String[] {name, name + ".gz"}) {
      Path file = directory.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new NoSuchFileException(directory.resolve(name) + "[.gz]", null,
        "Fashion-MNIST not found; " + INSTALL_HINT);
  }

  private static void matching(Idx.Images images, int[] labels, String set) throws IdxFormatException {
    if (images.count() != labels.length) {
      throw new IdxFormatException(String.format(Locale.ROOT, "the %s set has %d images but %d labels", set,
          images.count(), labels.length));
    }
  }
}
