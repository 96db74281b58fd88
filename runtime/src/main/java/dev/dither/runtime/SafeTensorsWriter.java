package dev.dither.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a safetensors file (see {@link SafeTensors}) and writes it atomically and durably:
 * a crash during {@link #write} leaves the previous file intact. Tensors are laid out in the
 * order they are added; the header is padded with spaces to a multiple of 8 bytes so that the
 * data is aligned, as the reference writer does.
 */
public final class SafeTensorsWriter {
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Map<String, Entry> tensors = new LinkedHashMap<>();

  private record Entry(SafeTensors.DType dtype, int[] shape, byte[] data) {}

  /** Adds a {@code __metadata__} entry. */
  public SafeTensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** Adds a tensor from its raw little-endian bytes. */
  public SafeTensorsWriter add(String name, SafeTensors.DType dtype, int[] shape, byte[] data) {
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    if (count * dtype.bytes() != data.length) {
      throw new IllegalArgumentException("tensor '" + name + "': " + data.length + " bytes for "
          + count + " elements of " + dtype);
    }
    if (name.equals("__metadata__") || tensors.putIfAbsent(name, new Entry(dtype, shape.clone(), data)) != null) {
      throw new IllegalArgumentException("tensor name '" + name + "' used twice or reserved");
    }
    return this;
  }

  /** Adds an F64 tensor, or an F32 one holding {@code values} rounded to float when {@code asFloat}. */
  public SafeTensorsWriter add(String name, int[] shape, double[] values, boolean asFloat) {
    ByteBuffer b = ByteBuffer.allocate(values.length * (asFloat ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      if (asFloat) {
        b.putFloat((float) v);
      } else {
        b.putDouble(v);
      }
    }
    return add(name, asFloat ? SafeTensors.DType.F32 : SafeTensors.DType.F64, shape, b.array());
  }

  /** Adds an I64 tensor. */
  public SafeTensorsWriter add(String name, int[] shape, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return add(name, SafeTensors.DType.I64, shape, b.array());
  }

  /** The bytes of tensor {@code name} as added. */
  byte[] data(String name) {
    return tensors.get(name).data;
  }

  Iterable<String> names() {
    return tensors.keySet();
  }

  /** Writes the file atomically: {@code file} is either left as it was or replaced completely. */
  public void write(Path file) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    parts.add(null);
    StringBuilder header = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      header.append("\"__metadata__\":{");
      String separator = "";
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        header.append(separator).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
        separator = ",";
      }
      header.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : tensors.entrySet()) {
      Entry t = e.getValue();
      header.append(header.length() > 1 ? "," : "").append(Json.quote(e.getKey()))
          .append(":{\"dtype\":\"").append(t.dtype).append("\",\"shape\":[");
      for (int i = 0; i < t.shape.length; i++) {
        header.append(i > 0 ? "," : "").append(t.shape[i]);
      }
      header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.data.length).append("]}");
      offset += t.data.length;
      parts.add(t.data);
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    parts.set(0, head.array());
    AtomicFile.write(file, parts);
  }
}
