package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader and writer, the header's JSON and the half-precision conversions. */
class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void writtenTensorsReadBackExactlyWithAnAlignedHeader() throws IOException {
    Path file = dir.resolve("t.safetensors");
    double[] w = {1.5, -2.25, Math.PI, 0, -0.0, 1e-300};
    new SafeTensorsWriter()
        .metadata("format", "pt").metadata("quote\"d", "line\nbreak \u00e9")
        .add("w", new int[] {2, 3}, w, false)
        .add("f", new int[] {3}, new double[] {0.1, 2, -3}, true)
        .add("n", new int[0], new long[] {Long.MIN_VALUE})
        .write(file);
    byte[] bytes = Files.readAllBytes(file);
    long header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(0, header % 8, "data aligned to 8 bytes");
    try (SafeTensors f = SafeTensors.open(file)) {
      assertEquals(Map.of("format", "pt", "quote\"d", "line\nbreak \u00e9"), f.metadata());
      assertEquals(List.of("w", "f", "n"), List.copyOf(f.tensors().keySet()));
      assertArrayEquals(w, f.doubles(f.tensors().get("w")));
      assertArrayEquals(new double[] {0.1f, 2, -3}, f.doubles(f.tensors().get("f")));
      SafeTensors.Tensor n = f.tensors().get("n");
      assertArrayEquals(new long[] {Long.MIN_VALUE}, SafeTensors.decodeLongs(n, f.bytes(n)));
    }
    try (var leftovers = Files.list(dir)) {
      assertEquals(1, leftovers.count(), "no temporary file left behind");
    }
  }

  @Test
  void everyHalfPrecisionValueConvertsExactly() {
    for (int h = 0; h < 1 << 16; h++) {
      int sign = h >>> 15;
      int exponent = (h >>> 10) & 0x1F;
      int mantissa = h & 0x3FF;
      double expected = exponent == 0x1F ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
          : exponent == 0 ? Math.scalb((double) mantissa, -24)
          : Math.scalb(1024.0 + mantissa, exponent - 25);
      expected = sign == 1 ? -expected : expected;
      float actual = SafeTensors.halfToFloat((short) h);
      if (Double.isNaN(expected)) {
        assertTrue(Float.isNaN(actual), "half " + Integer.toHexString(h));
      } else {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
            "half " + Integer.toHexString(h));
      }
    }
  }

  @Test
  void jsonIsStrict() throws WeightFileException {
    for (String bad : new String[] {"{", "{\"a\":1,}", "{\"a\":1.5}", "{\"a\":01}", "{\"a\":1}x", "{\"a\":\"\u0001\"}",
        "{\"a\":[" + "[".repeat(40) + "]}", "{\"a\":99999999999999999999}", "{\"a\":\"\\x\"}", "{'a':1}"}) {
      assertThrows(WeightFileException.class, () -> Json.parse(bad), bad);
    }
    assertEquals(Map.of("k", List.of(1L, -2L, "\u00e9\n"), "t", true), Json.parse("{\"k\": [1, -2, \"\\u00e9\\n\"], \"t\":true}"));
  }

  @Test
  void aHeaderThatIsNotAnObjectOrNotUtf8IsRejected() throws IOException {
    assertTrue(message(file("[1, 2]".getBytes(StandardCharsets.UTF_8))).contains("not a JSON object"));
    assertTrue(message(file(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'})).contains("not valid UTF-8"));
    String entry = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
    assertTrue(message(file(entry.getBytes(StandardCharsets.UTF_8))).contains("dtype U8 is not supported"));
  }

  private Path file(byte[] header) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    return Files.write(Files.createTempFile(dir, "h", ".safetensors"), b.array());
  }

  private static String message(Path file) {
    return assertThrows(WeightFileException.class, () -> SafeTensors.open(file).close()).getMessage();
  }
}
