package dev.dither.samples.recall;

import dev.dither.runtime.DitherRandom;
import java.util.Arrays;

/**
 * The data of associative recall: {@code k} distinct item tokens ({@code 2 <= k <= 6}), the
 * separator, then a query that is one of the first {@code k - 1} items; the answer is the item
 * that followed the query. Sequences are {@code k + 2} tokens long, padded with token 0 to
 * {@link AssociativeRecall#MAX_LENGTH} (padding is masked by the generated network).
 */
final class RecallTask {
  private RecallTask() {}

  /** Draws {@code labels.length} sequences: tokens, their lengths and the answers. */
  static void sample(DitherRandom random, int[] tokens, int[] lengths, int[] labels) {
    Arrays.fill(tokens, 0);
    int[] items = new int[AssociativeRecall.ITEMS];
    for (int n = 0; n < labels.length; n++) {
      int k = AssociativeRecall.MIN_ITEMS + random.nextInt(AssociativeRecall.MAX_ITEMS - AssociativeRecall.MIN_ITEMS + 1);
      // The first k of a partial Fisher–Yates shuffle: k distinct items, so the query is unambiguous.
      for (int i = 0; i < items.length; i++) {
        items[i] = i;
      }
      for (int i = 0; i < k; i++) {
        int j = i + random.nextInt(items.length - i);
        int t = items[i];
        items[i] = items[j];
        items[j] = t;
      }
      int base = n * AssociativeRecall.MAX_LENGTH;
      System.arraycopy(items, 0, tokens, base, k);
      tokens[base + k] = AssociativeRecall.SEPARATOR;
      int query = random.nextInt(k - 1);
      tokens[base + k + 1] = items[query];
      lengths[n] = k + 2;
      labels[n] = items[query + 1];
    }
  }

  /** Number of items of an example of the given length. */
  static int items(int length) {
    return length - 2;
  }

  /** A fixed set of {@code size} sequences. */
  record TestSet(int[] tokens, int[] lengths, int[] labels) {
    static TestSet draw(long seed, int size) {
      int[] tokens = new int[size * AssociativeRecall.MAX_LENGTH];
      int[] lengths = new int[size];
      int[] labels = new int[size];
      sample(new DitherRandom(seed), tokens, lengths, labels);
      return new TestSet(tokens, lengths, labels);
    }

    int size() {
      return labels.length;
    }
  }
}
