package dev.dither.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A safetensors file opened for loading into a model: every tensor's bytes are read once and,
 * in a Dither file, checked against the CRC32C the metadata lists for it, before anything is
 * decoded. Reading a tensor checks its dtype and shape against what the model expects, so
 * every message names the tensor, the expected and the actual value.
 */
final class WeightFile implements Closeable {
  static final String CRC_PREFIX = "dither.crc32c.";

  final Path path;
  final SafeTensors file;
  private final Map<String, byte[]> bytes = new HashMap<>();

  private WeightFile(Path path, SafeTensors file) {
    this.path = path;
    this.file = file;
  }

  /** Opens {@code path}; with {@code checksums}, every tensor must carry a matching CRC32C. */
  static WeightFile open(Path path, boolean checksums) throws IOException {
    SafeTensors file = SafeTensors.open(path);
    WeightFile w = new WeightFile(path, file);
    try {
      for (SafeTensors.Tensor t : file.tensors().values()) {
        byte[] data = file.bytes(t);
        if (checksums) {
          w.checkCrc(t.name(), data);
        }
        w.bytes.put(t.name(), data);
      }
      if (checksums) {
        for (String key : file.metadata().keySet()) {
          if (key.startsWith(CRC_PREFIX) && !file.tensors().containsKey(key.substring(CRC_PREFIX.length()))) {
            throw w.error("the metadata has a checksum for tensor '" + key.substring(CRC_PREFIX.length())
                + "', which the file does not contain");
          }
        }
      }
      return w;
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  static String crc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return String.format("%08x", crc.getValue());
  }

  private void checkCrc(String name, byte[] data) throws WeightFileException {
    String expected = file.metadata().get(CRC_PREFIX + name);
    if (expected == null) {
      throw error("tensor '" + name + "' has no CRC32C in the metadata (" + CRC_PREFIX + name + ")");
    }
    String actual = crc(data);
    if (!actual.equals(expected)) {
      throw error("CRC mismatch in tensor '" + name + "': the metadata says " + expected + ", its bytes give "
          + actual + " (the file is corrupt)");
    }
  }

  Map<String, String> metadata() {
    return file.metadata();
  }

  boolean has(String name) {
    return file.tensors().containsKey(name);
  }

  /** The tensor {@code name}, required, with this dtype (any floating type if null) and shape. */
  SafeTensors.Tensor tensor(String name, SafeTensors.DType dtype, int[] shape) throws WeightFileException {
    SafeTensors.Tensor t = file.tensors().get(name);
    if (t == null) {
      throw error("missing tensor '" + name + "'");
    }
    if (dtype != null ? t.dtype() != dtype : !t.dtype().isFloating()) {
      throw error("tensor '" + name + "' is " + t.dtype() + ", expected " + (dtype != null ? dtype
          : "a floating-point type (F16, BF16, F32 or F64)"));
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw error("tensor '" + name + "' has shape " + t.shapeString() + ", this network expects "
          + Arrays.toString(shape));
    }
    return t;
  }

  /** The finite values of tensor {@code name}, in the file's layout. */
  double[] values(String name, SafeTensors.DType dtype, int[] shape) throws WeightFileException {
    SafeTensors.Tensor t = tensor(name, dtype, shape);
    double[] v = SafeTensors.decodeDoubles(t, bytes.get(name));
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw error("tensor '" + name + "' holds " + v[i] + " at flat index " + i + "; weights must be finite");
      }
    }
    return v;
  }

  /** The value of the F64 scalar {@code name}. */
  double real(String name) throws WeightFileException {
    return values(name, SafeTensors.DType.F64, new int[0])[0];
  }

  /** The value of the I64 scalar {@code name}. */
  long integer(String name) throws WeightFileException {
    SafeTensors.Tensor t = tensor(name, SafeTensors.DType.I64, new int[0]);
    return SafeTensors.decodeLongs(t, bytes.get(name))[0];
  }

  WeightFileException error(String what) {
    return new WeightFileException(path + ": " + what);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
