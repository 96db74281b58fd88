package dev.dither.samples.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.WeightFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of checkpoints, in a JVM with a 256 MB heap: every mutated file (truncated,
 * bytes flipped, header length or header text edited, numbers made huge, data swapped or
 * appended) must either be rejected with a {@link WeightFileException}, leaving the model
 * bit for bit as it was, or load into exactly the original state. Anything else (another
 * exception, an OutOfMemoryError, a hang, a silently different model) fails the test.
 */
class WeightFileFuzzTest {
  private static final int MUTATIONS = 10_400;
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final String[] DTYPES = {"F32", "F64", "F16", "BF16", "I32", "I64", "U8", "F32 "};

  @TempDir Path dir;

  @Test
  void everyMutatedFileIsRejectedCleanlyOrLoadsTheOriginal() throws Exception {
    Path work = Files.isWritable(Path.of("/dev/shm")) ? Files.createTempDirectory(Path.of("/dev/shm"), "fuzz") : dir;
    try {
      ChildJvm.Result r = ChildJvm.run(120, List.of("-Xmx256m"), WeightFileFuzzTest.class,
          String.valueOf(MUTATIONS), work.toString());
      assertEquals(0, r.exitCode(), r.output());
      assertTrue(r.output().contains("mutations " + MUTATIONS), r.output());
      System.out.println(r.output());
    } finally {
      if (work != dir) {
        try (var files = Files.list(work)) {
          for (Path p : files.toList()) {
            Files.delete(p);
          }
        }
        Files.delete(work);
      }
    }
  }

  /** In the forked JVM: {@code mutations workDirectory}. */
  public static void main(String[] args) throws IOException {
    int mutations = Integer.parseInt(args[0]);
    Path work = Path.of(args[1]);
    PersistLstmModel trained = Runs.lstm();
    Runs.trainLstm(trained, 3);
    Path originalFile = work.resolve("original.safetensors");
    trained.saveCheckpoint(originalFile);
    byte[] original = Files.readAllBytes(originalFile);

    // One model loads checkpoints, the other weights; each must end either unchanged or in the
    // state that loading the intact file gives.
    PersistLstmModel checkpointTarget = Runs.lstm();
    PersistLstmModel weightsTarget = Runs.lstm();
    PersistLstmModel reference = Runs.lstm();
    reference.loadWeights(originalFile);
    byte[] afterWeights = Runs.checkpointBytes(reference, work);

    // What each target holds now, as checkpoint bytes: its initial state until a load succeeds.
    byte[][] current = {Runs.checkpointBytes(checkpointTarget, work), Runs.checkpointBytes(weightsTarget, work)};
    DitherRandom random = new DitherRandom(20261130);
    TreeMap<String, int[]> outcomes = new TreeMap<>();
    Path mutatedFile = work.resolve("mutated.safetensors");
    long start = System.nanoTime();
    for (int i = 0; i < mutations; i++) {
      int kind = random.nextInt(8);
      byte[] mutated = mutate(original, kind, random);
      Files.write(mutatedFile, mutated);
      boolean checkpoint = i % 2 == 0;
      GeneratedModel target = checkpoint ? checkpointTarget : weightsTarget;
      byte[] before = current[i % 2];
      String outcome;
      try {
        if (checkpoint) {
          target.loadCheckpoint(mutatedFile);
        } else {
          target.loadWeights(mutatedFile);
        }
        outcome = "loaded";
        byte[] expected = checkpoint ? original : afterWeights;
        if (!Arrays.equals(expected, Runs.checkpointBytes(target, work))) {
          fail("mutation " + i + " (kind " + kind + ") loaded a model different from the original", mutated, work);
        }
        current[i % 2] = expected;
      } catch (WeightFileException e) {
        outcome = "rejected";
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          fail("mutation " + i + ": exception without a message", mutated, work);
        }
        if (!Arrays.equals(before, Runs.checkpointBytes(target, work))) {
          fail("mutation " + i + " (kind " + kind + ") was rejected (" + e.getMessage()
              + ") but changed the model", mutated, work);
        }
      } catch (IOException | RuntimeException | Error e) {
        e.printStackTrace(System.out);
        fail("mutation " + i + " (kind " + kind + ") threw " + e, mutated, work);
        return;
      }
      outcomes.computeIfAbsent("kind " + kind + " " + outcome, k -> new int[1])[0]++;
    }
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    System.out.println("mutations " + mutations + " in " + (System.nanoTime() - start) / 1_000_000 + " ms ("
        + cpu / 1_000_000 + " ms CPU of the main thread), max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    outcomes.forEach((k, v) -> System.out.println("  " + k + ": " + v[0]));
  }

  private static void fail(String message, byte[] mutated, Path work) throws IOException {
    Path kept = work.resolve("failing.safetensors");
    Files.write(kept, mutated);
    System.out.println(message + "; file kept in " + kept);
    System.out.flush();
    System.exit(1);
  }

  static byte[] mutate(byte[] file, int kind, DitherRandom r) {
    int headerLength = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    byte[] b = file.clone();
    switch (kind) {
      case 0: // truncation
        return Arrays.copyOf(b, r.nextInt(b.length));
      case 1: // random bit flips anywhere
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      case 2: // random bytes in the header
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          b[8 + r.nextInt(headerLength)] = (byte) r.nextInt(256);
        }
        return b;
      case 3: { // a lying header length
        long[] lengths = {Long.MAX_VALUE, -1, 1L << 31, 1L << 40, b.length - 8, b.length, headerLength + 1 + r.nextInt(8),
            headerLength - 1 - r.nextInt(8), r.nextLong(), 0};
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lengths[r.nextInt(lengths.length)]);
        return b;
      }
      case 4: // a number of the header (shape, offset) replaced, header length fixed up or not
        return editHeader(b, headerLength, r, true);
      case 5: // a dtype replaced
        return editHeader(b, headerLength, r, false);
      case 6: { // two equally long stretches of data swapped
        int data = 8 + headerLength;
        int span = 1 + r.nextInt(16);
        int x = data + r.nextInt(b.length - data - span);
        int y = data + r.nextInt(b.length - data - span);
        byte[] tmp = Arrays.copyOfRange(b, x, x + span);
        System.arraycopy(b, y, b, x, span);
        System.arraycopy(tmp, 0, b, y, span);
        return b;
      }
      default: { // bytes appended or inserted
        int at = r.nextInt(2) == 0 ? b.length : 8 + r.nextInt(b.length - 8);
        byte[] extra = new byte[1 + r.nextInt(64)];
        for (int k = 0; k < extra.length; k++) {
          extra[k] = (byte) r.nextInt(256);
        }
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(b, at, out, at + extra.length, b.length - at);
        return out;
      }
    }
  }

  private static byte[] editHeader(byte[] b, int headerLength, DitherRandom r, boolean number) {
    String header = new String(b, 8, headerLength, StandardCharsets.UTF_8);
    List<int[]> spans = new ArrayList<>();
    Matcher m = number ? NUMBER.matcher(header) : Pattern.compile("\"(F32|I64|F64)\"").matcher(header);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    int[] span = spans.get(r.nextInt(spans.size()));
    String replacement;
    if (number) {
      long old = Long.parseLong(header.substring(span[0], span[1]).length() > 18 ? "0" : header.substring(span[0], span[1]));
      String[] choices = {"0", "1", String.valueOf(old + 1), String.valueOf(Math.max(0, old - 1)), String.valueOf(old * 2),
          String.valueOf(Long.MAX_VALUE), "99999999999999999999", String.valueOf(Integer.MAX_VALUE),
          String.valueOf(r.nextInt(1 << 20)), "-" + old};
      replacement = choices[r.nextInt(choices.length)];
    } else {
      replacement = "\"" + DTYPES[r.nextInt(DTYPES.length)] + "\"";
    }
    String edited = header.substring(0, span[0]) + replacement + header.substring(span[1]);
    byte[] json = edited.getBytes(StandardCharsets.UTF_8);
    boolean fixLength = r.nextInt(4) != 0;
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + b.length - 8 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(fixLength ? json.length : headerLength).put(json).put(b, 8 + headerLength, b.length - 8 - headerLength);
    return out.array();
  }
}
