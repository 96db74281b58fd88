package dev.dither.bench.experiments;

import dev.dither.bench.LstmNetworks;
import dev.dither.bench.NahLstmModel;
import dev.dither.bench.SequenceData;
import dev.dither.bench.baseline.HandWrittenLstm;

/**
 * The share of saturated NAH sites in the LSTM benchmark's regime, at the start and after the
 * benchmark's kind of training (SGD steps at batch 1 cycling through the pool), to check that the
 * regime {@code LstmEquivalenceTest} asserts at the start holds while JMH trains. Measured with
 * the baseline (equivalent to the generated model, see {@code LstmEquivalenceTest}) in training
 * mode over the whole pool. A gate site is saturated where |x| > 2 (hard sigmoid) or |x| > 1
 * (hard tanh), the cell site where |c| > 1. Usage: {@code java -cp bench/target/benchmarks.jar
 * dev.dither.bench.experiments.LstmSaturation}.
 */
public final class LstmSaturation {
  private LstmSaturation() {}

  public static void main(String[] args) {
    HandWrittenLstm baseline = LstmNetworks.nahBaseline(LstmNetworks.saturate(new NahLstmModel(42)), 7);
    SequenceData train = new SequenceData(2016, 1);
    int h = LstmNetworks.HIDDEN;
    int gates = 4 * h;
    int done = 0;
    for (int target : new int[] {0, 1000, 4000}) {
      double loss = 0;
      int count = 0;
      for (; done < target; done++, count++) {
        int b = train.advance();
        loss += baseline.trainStep(train.inputs(b), train.labels(b));
      }
      long[] saturated = new long[5];
      long[] sites = new long[5];
      SequenceData pool = new SequenceData(2016, 16);
      for (int b = 0; b < pool.batches(); b++) {
        baseline.gradients(pool.inputs(b), pool.labels(b));
        float[] pre = baseline.gatePreActivations();
        for (int j = 0; j < 16 * LstmNetworks.STEPS * gates; j++) {
          int block = (j % gates) / h;
          sites[block]++;
          saturated[block] += Math.abs(pre[j]) > (block == 2 ? 1 : 2) ? 1 : 0;
        }
        float[] cell = baseline.cellStates();
        for (int j = 0; j < 16 * LstmNetworks.STEPS * h; j++) {
          sites[4]++;
          saturated[4] += Math.abs(cell[j]) > 1 ? 1 : 0;
        }
      }
      System.out.printf("after %4d steps (mean loss of those steps %s): saturated i %.1f%%, f %.1f%%, g %.1f%%, o %.1f%%, cell %.1f%%%n",
          done, count == 0 ? "-" : String.format("%.3f", loss / count),
          100.0 * saturated[0] / sites[0], 100.0 * saturated[1] / sites[1], 100.0 * saturated[2] / sites[2],
          100.0 * saturated[3] / sites[3], 100.0 * saturated[4] / sites[4]);
    }
  }
}
