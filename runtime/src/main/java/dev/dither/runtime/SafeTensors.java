package dev.dither.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the safetensors format (as written by Hugging Face's {@code safetensors},
 * PyTorch through it, and Dither): an 8-byte little-endian header length, a JSON header mapping
 * each tensor name to its {@code dtype}, {@code shape} and {@code data_offsets} (plus an
 * optional {@code __metadata__} map of strings), then the raw little-endian data.
 *
 * <p>{@link #open} reads and checks only the header: every offset must lie inside the file, the
 * tensors must tile the data section exactly (no overlap, gap or trailing bytes, as the format
 * requires) and each tensor's byte length must match its dtype and shape. Nothing is allocated
 * beyond the file's size, whatever the header claims. Tensor data is read on demand.
 */
public final class SafeTensors implements Closeable {
  /** Largest header accepted; the reference implementation's limit too. */
  static final long MAX_HEADER_BYTES = 100L << 20;

  /** The element types Dither reads and writes. */
  public enum DType {
    F16(2), BF16(2), F32(4), F64(8), I32(4), I64(8);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    public boolean isFloating() {
      return this != I32 && this != I64;
    }
  }

  /** One tensor's entry in the header; {@code begin} and {@code end} are relative to the data section. */
  public record Tensor(String name, DType dtype, int[] shape, long begin, long end) {
    /** Number of elements. */
    public int count() {
      return (int) ((end - begin) / dtype.bytes());
    }

    public String shapeString() {
      return Arrays.toString(shape);
    }
  }

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, String> metadata;
  private final Map<String, Tensor> tensors;

  private SafeTensors(Path file, FileChannel channel, long dataStart, Map<String, String> metadata,
      Map<String, Tensor> tensors) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.metadata = Collections.unmodifiableMap(metadata);
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /** Opens {@code file} and checks its header; close the result. */
  public static SafeTensors open(Path file) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such weight file");
    }
    try {
      return read(file, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static SafeTensors read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new WeightFileException(file + ": " + size + " bytes, too short for the 8-byte header"
          + " length of a safetensors file (truncated?)");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, channel, lengthBytes, 0);
    long headerLength = lengthBytes.getLong(0);
    if (headerLength < 2 || headerLength > size - 8) {
      throw new WeightFileException(file + ": the header length says " + Long.toUnsignedString(headerLength)
          + " bytes, but the file has only " + (size - 8) + " bytes after it (truncated, or not a safetensors file)");
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new WeightFileException(file + ": header of " + headerLength + " bytes, more than the "
          + MAX_HEADER_BYTES + " accepted");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(file, channel, headerBytes, 8);
    headerBytes.flip();
    String header;
    try {
      header = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(headerBytes).toString();
    } catch (CharacterCodingException e) {
      throw new WeightFileException(file + ": the header is not valid UTF-8");
    }
    Object json;
    try {
      json = Json.parse(header);
    } catch (WeightFileException e) {
      throw new WeightFileException(file + ": " + e.getMessage());
    }
    if (!(json instanceof Map<?, ?> root)) {
      throw new WeightFileException(file + ": the header is not a JSON object");
    }
    long dataLength = size - 8 - headerLength;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : root.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        metadata(file, e.getValue(), metadata);
      } else {
        tensors.put(name, tensor(file, name, e.getValue(), dataLength));
      }
    }
    checkTiling(file, tensors, dataLength);
    return new SafeTensors(file, channel, 8 + headerLength, metadata, tensors);
  }

  private static void metadata(Path file, Object value, Map<String, String> into) throws WeightFileException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new WeightFileException(file + ": __metadata__ is not an object of strings");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new WeightFileException(file + ": __metadata__ entry " + Json.quote((String) e.getKey())
            + " is not a string");
      }
      into.put((String) e.getKey(), s);
    }
  }

  private static Tensor tensor(Path file, String name, Object value, long dataLength) throws WeightFileException {
    String where = file + ": tensor '" + name + "'";
    if (!(value instanceof Map<?, ?> entry) || entry.size() != 3 || !entry.containsKey("dtype")
        || !entry.containsKey("shape") || !entry.containsKey("data_offsets")) {
      throw new WeightFileException(where + ": the entry must have exactly dtype, shape and data_offsets");
    }
    if (!(entry.get("dtype") instanceof String dtypeName)) {
      throw new WeightFileException(where + ": dtype is not a string");
    }
    DType dtype;
    try {
      dtype = DType.valueOf(dtypeName);
    } catch (IllegalArgumentException e) {
      throw new WeightFileException(where + ": dtype " + dtypeName + " is not supported (Dither reads "
          + Arrays.toString(DType.values()) + ")");
    }
    if (!(entry.get("shape") instanceof List<?> dims) || dims.size() > 8) {
      throw new WeightFileException(where + ": shape is not a list of at most 8 dimensions");
    }
    int[] shape = new int[dims.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new WeightFileException(where + ": shape " + dims + " has a dimension that is not an int >= 0");
      }
      shape[i] = (int) (long) d;
      // Saturates instead of overflowing: a huge count then fails the byte-range comparison below.
      long limit = Long.MAX_VALUE / 16;
      count = d != 0 && count > limit / d ? limit : count * d;
    }
    if (!(entry.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
        || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
      throw new WeightFileException(where + ": data_offsets is not a pair of integers");
    }
    if (begin < 0 || end < begin) {
      throw new WeightFileException(where + ": data_offsets [" + begin + ", " + end + ") is not a byte range");
    }
    if (end > dataLength) {
      throw new WeightFileException(where + ": data_offsets [" + begin + ", " + end + ") go past the end of the data,"
          + " which has " + dataLength + " bytes (truncated file or a header that lies)");
    }
    if (end - begin > Integer.MAX_VALUE - 8) {
      throw new WeightFileException(where + ": " + (end - begin) + " bytes; a tensor must fit one Java array");
    }
    if (count * dtype.bytes() != end - begin) {
      throw new WeightFileException(where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
          + count * dtype.bytes() + " bytes, but data_offsets [" + begin + ", " + end + ") hold " + (end - begin));
    }
    return new Tensor(name, dtype, shape, begin, end);
  }

  /** The format requires the tensors to cover the data section exactly, without overlap. */
  private static void checkTiling(Path file, Map<String, Tensor> tensors, long dataLength) throws WeightFileException {
    List<Tensor> byOffset = new ArrayList<>(tensors.values());
    byOffset.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
    long covered = 0;
    Tensor previous = null;
    for (Tensor t : byOffset) {
      if (t.begin() < covered) {
        throw new WeightFileException(file + ": tensors '" + previous.name() + "' [" + previous.begin() + ", "
            + previous.end() + ") and '" + t.name() + "' [" + t.begin() + ", " + t.end() + ") overlap");
      }
      if (t.begin() > covered) {
        throw new WeightFileException(file + ": data bytes [" + covered + ", " + t.begin()
            + ") belong to no tensor");
      }
      covered = t.end();
      previous = t;
    }
    if (covered != dataLength) {
      throw new WeightFileException(file + ": the tensors cover " + covered + " bytes of data, but the file has "
          + dataLength + " after the header (trailing bytes)");
    }
  }

  /** The {@code __metadata__} map (empty if the file has none). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The tensors in header order. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** The raw little-endian bytes of {@code t}. */
  public byte[] bytes(Tensor t) throws IOException {
    byte[] bytes = new byte[(int) (t.end() - t.begin())];
    readFully(file, channel, ByteBuffer.wrap(bytes), dataStart + t.begin());
    return bytes;
  }

  /** The values of a floating-point tensor, converted exactly to double. */
  public double[] doubles(Tensor t) throws IOException {
    return decodeDoubles(t, bytes(t));
  }

  static double[] decodeDoubles(Tensor t, byte[] bytes) throws WeightFileException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[t.count()];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (t.dtype()) {
        case F64 -> b.getDouble();
        case F32 -> b.getFloat();
        case BF16 -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
        case F16 -> halfToFloat(b.getShort());
        default -> throw new WeightFileException("tensor '" + t.name() + "' is " + t.dtype()
            + ", an integer type, where floating-point values are expected");
      };
    }
    return out;
  }

  /** The values of an integer tensor. */
  static long[] decodeLongs(Tensor t, byte[] bytes) throws WeightFileException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[t.count()];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (t.dtype()) {
        case I64 -> b.getLong();
        case I32 -> b.getInt();
        default -> throw new WeightFileException("tensor '" + t.name() + "' is " + t.dtype()
            + " where an integer type is expected");
      };
    }
    return out;
  }

  /** IEEE 754 binary16 to float, exactly (every half is a float). */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24, exact in float.
      float value = mantissa * 0x1p-24f;
      return sign != 0 ? -value : value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = channel.read(into, at);
      if (n < 0) {
        throw new WeightFileException(file + ": the file ended at byte " + at + " while reading (truncated"
            + " or changed while it was read)");
      }
      at += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
