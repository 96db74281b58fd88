package dev.dither.samples.persist;

import dev.dither.runtime.SafeTensors;
import dev.dither.runtime.SafeTensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/** A safetensors file read into memory, edited by a test and written back with fresh checksums. */
final class FileEdit {
  record Entry(SafeTensors.DType dtype, int[] shape, byte[] data) {}

  final Map<String, String> metadata = new LinkedHashMap<>();
  final Map<String, Entry> tensors = new LinkedHashMap<>();

  static FileEdit of(Path file) throws IOException {
    FileEdit e = new FileEdit();
    try (SafeTensors f = SafeTensors.open(file)) {
      e.metadata.putAll(f.metadata());
      for (SafeTensors.Tensor t : f.tensors().values()) {
        e.tensors.put(t.name(), new Entry(t.dtype(), t.shape(), f.bytes(t)));
      }
    }
    return e;
  }

  /** Writes the edited file; the CRC32C of every tensor is recomputed, so only the edit differs. */
  Path write(Path file) throws IOException {
    SafeTensorsWriter w = new SafeTensorsWriter();
    metadata.keySet().removeIf(k -> k.startsWith("dither.crc32c."));
    metadata.forEach(w::metadata);
    tensors.forEach((name, t) -> {
      w.add(name, t.dtype(), t.shape(), t.data());
      CRC32C crc = new CRC32C();
      crc.update(t.data());
      w.metadata("dither.crc32c." + name, String.format("%08x", crc.getValue()));
    });
    w.write(file);
    return file;
  }
}
