package dev.dither.bench.experiments;

import dev.dither.runtime.AnnealingSchedule;
import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.Checkpoints;
import dev.dither.runtime.Checks;
import dev.dither.runtime.CounterNoise;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Initializers;
import dev.dither.runtime.ModelState;
import dev.dither.runtime.NoiseSource;
import dev.dither.runtime.NonFiniteLossException;
import dev.dither.runtime.NonFiniteLossPolicy;
import dev.dither.runtime.Optimizer;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import dev.dither.runtime.ParameterSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Experiment, not product code: {@code NahLstmModel} exactly as Dither generates it (a copy of
 * bench/target/generated-sources/annotations/dev/dither/bench/NahLstmModel.java), with the loops
 * of the matrix products rewritten so that C2 on JDK 17 vectorises them; everything else (gate,
 * cell and noise code, checks, ParameterSet, optimizer, flat input-major parameter arrays) is
 * untouched (the persistence methods are the generated ones too). The edited methods are {@code rnnForward} (one added call), {@code rnnStep},
 * {@code rnnBackward}, the recurrent loop at the end of {@code rnnBackStep} and
 * {@code rnnGradients}:
 *
 * <ul>
 *   <li>the LSTM's weights are mirrored into one {@code float[]} per input row
 *       ({@code [inputs][4H]}), refreshed from the flat parameters at the start of every forward
 *       pass (82k floats, {@link System#arraycopy});
 *   <li>the stacked pre-activations of a step are accumulated in one {@code float[4H]} per
 *       example and then copied into {@code rnnPre}; the gate deltas of a step are copied out of
 *       {@code rnnDGates} into one {@code float[4H]} per example before the loops that read them;
 *   <li>weight gradients are accumulated in row arrays and copied into the flat gradients once
 *       per backward pass.
 * </ul>
 *
 * So every inner loop indexes its arrays with the loop variable alone ({@code zr[o] += v * wr[o]}),
 * where the generated loops add a different loop-invariant offset per array
 * ({@code z[zo + o] += v * w[row + o]}), which C2's SuperWord in JDK 17 does not vectorise.
 *
 * <p>dL/dh_{t-1} = W_hh · dG is, as generated, a dot product per hidden unit (a float
 * reduction) unless {@code transposedRecurrent}, which computes it as axpy loops over the rows of
 * a transposed copy of W_hh made once per backward pass ({@code dh[k] += dG[o] · W_hhᵀ[o][k]}).
 */
public final class NahLstmRows implements GeneratedModel {
  /**
   * Input values per example.
   */
  public static final int INPUT_SIZE = 1600;

  /**
   * Outputs per example.
   */
  public static final int OUTPUT_SIZE = 10;

  private static final String NETWORK = "NahLstm";

  /**
   * The canonical description of {@code NahLstm} that weight files are checked against; its
   * SHA-256 is the network's fingerprint.
   */
  private static final String DESCRIPTION = "precision FLOAT; loss SOFTMAX_CROSS_ENTROPY; input steps 32 steps 50; lstm rnn 32->128 output LAST [input:HARD_SIGMOID NAH alpha=1.15 c=0.5 learnP=true,forget:HARD_SIGMOID NAH alpha=1.15 c=0.5 learnP=true,candidate:HARD_TANH NAH alpha=1.15 c=0.5 learnP=true,output:HARD_SIGMOID NAH alpha=1.15 c=0.5 learnP=true,cell:HARD_TANH NAH alpha=1.15 c=0.5 learnP=true]; dense logits 128->10 IDENTITY";

  /**
   * The sequence length.
   */
  public static final int STEPS = 50;

  private static final int STEPS_UNITS = 32;

  private static final int RNN_UNITS = 128;

  private static final int LOGITS_UNITS = 10;

  private static final int RNN_GATES = 4 * RNN_UNITS;

  /**
   * Input weights of {@code @Lstm(128)} on {@code NahLstm#rnn()}, {@code [inputs][4 units]}, blocks in PyTorch's order.
   */
  private final float[] rnnWeightIh = new float[STEPS_UNITS * RNN_GATES];

  private final float[] rnnWeightIhGrad = new float[STEPS_UNITS * RNN_GATES];

  /**
   * Recurrent weights, {@code [units][4 units]}.
   */
  private final float[] rnnWeightHh = new float[RNN_UNITS * RNN_GATES];

  private final float[] rnnWeightHhGrad = new float[RNN_UNITS * RNN_GATES];

  private final float[] rnnBiasIh = new float[RNN_GATES];

  private final float[] rnnBiasIhGrad = new float[RNN_GATES];

  private final float[] rnnBiasHh = new float[RNN_GATES];

  private final float[] rnnBiasHhGrad = new float[RNN_GATES];

  /**
   * Per-unit p of the gate sites (eq. 9), one per stacked pre-activation.
   */
  private final float[] rnnPGates = new float[RNN_GATES];

  private final float[] rnnPGatesGrad = new float[RNN_GATES];

  /**
   * Per-unit p of the cell output site tanh(c_t).
   */
  private final float[] rnnPCell = new float[RNN_UNITS];

  private final float[] rnnPCellGrad = new float[RNN_UNITS];

  private AnnealingSchedule rnnInputSchedule = AnnealingSchedules.constant(0.5);

  /**
   * The noise level c of the current pass, read from the schedule once per pass.
   */
  private float rnnInputLevel;

  private AnnealingSchedule rnnForgetSchedule = AnnealingSchedules.constant(0.5);

  /**
   * The noise level c of the current pass, read from the schedule once per pass.
   */
  private float rnnForgetLevel;

  private AnnealingSchedule rnnCandidateSchedule = AnnealingSchedules.constant(0.5);

  /**
   * The noise level c of the current pass, read from the schedule once per pass.
   */
  private float rnnCandidateLevel;

  private AnnealingSchedule rnnOutputSchedule = AnnealingSchedules.constant(0.5);

  /**
   * The noise level c of the current pass, read from the schedule once per pass.
   */
  private float rnnOutputLevel;

  private AnnealingSchedule rnnCellSchedule = AnnealingSchedules.constant(0.5);

  /**
   * The noise level c of the current pass, read from the schedule once per pass.
   */
  private float rnnCellLevel;

  /**
   * Weights of {@code @Dense(10)} on {@code NahLstm#logits()}, {@code [inputs][units]}.
   */
  private final float[] logitsWeight = new float[RNN_UNITS * LOGITS_UNITS];

  private final float[] logitsWeightGrad = new float[RNN_UNITS * LOGITS_UNITS];

  private final float[] logitsBias = new float[LOGITS_UNITS];

  private final float[] logitsBiasGrad = new float[LOGITS_UNITS];

  private float[] rnnPre = new float[0];

  private float[] rnnAct = new float[0];

  private float[] rnnXiGates = new float[0];

  private float[] rnnCell = new float[0];

  private float[] rnnCellAct = new float[0];

  private float[] rnnXiCell = new float[0];

  private float[] rnnC0 = new float[0];

  private float[] rnnDCell = new float[0];

  private float[] rnnDcNext = new float[0];

  private float[] rnnHidden = new float[0];

  private float[] rnnH0 = new float[0];

  private float[] rnnOut = new float[0];

  private float[] rnnDelta = new float[0];

  private float[] rnnDGates = new float[0];

  private float[] rnnDhNext = new float[0];

  private float[][] logitsPre = new float[0][];

  private float[][] logitsDelta = new float[0][];

  /**
   * One weight or gradient row, so that dense loops index every array alike (see DenseLayerWriter).
   */
  private final float[] rowScratch = new float[10];

  private final ParameterSet parameters;

  // ---- experiment: row buffers ----
  private final float[][] wIhRows = new float[STEPS_UNITS][RNN_GATES];
  private final float[][] wHhRows = new float[RNN_UNITS][RNN_GATES];
  private final float[][] wHhT = new float[RNN_GATES][RNN_UNITS];
  private final float[][] gIhRows = new float[STEPS_UNITS][RNN_GATES];
  private final float[][] gHhRows = new float[RNN_UNITS][RNN_GATES];
  private final float[] biasSum = new float[RNN_GATES];
  private final float[] dRow = new float[RNN_GATES];
  private float[][] zRows = new float[0][];
  private float[][] dRows = new float[0][];
  private final float[] dhRow = new float[RNN_UNITS];
  private final boolean transposedRecurrent;

  private Optimizer optimizer = Optimizers.sgd(0.01);

  private NoiseSource noise;

  private NonFiniteLossPolicy nonFiniteLoss = NonFiniteLossPolicy.THROW;

  private double maxGradientNorm;

  private long steps;

  private long examplesSeen;

  private int capacity;

  /**
   * Whether each call starts from the state the previous call ended in (truncated BPTT).
   */
  private boolean carryState;

  /**
   * A network with parameters drawn from {@code seed}; the default noise source is
   * a {@link CounterNoise} with the same seed. Equal seeds give bit-identical networks on any JVM.
   */
  public NahLstmRows(long seed, boolean transposedRecurrent) {
    this.transposedRecurrent = transposedRecurrent;
    this.parameters = new ParameterSet(List.of(
        Parameter.ofFloats("rnn.weight_ih", new int[] {STEPS_UNITS, RNN_GATES}, true, true, rnnWeightIh, rnnWeightIhGrad),
        Parameter.ofFloats("rnn.weight_hh", new int[] {RNN_UNITS, RNN_GATES}, true, true, rnnWeightHh, rnnWeightHhGrad),
        Parameter.ofFloats("rnn.bias_ih", new int[] {RNN_GATES}, false, true, rnnBiasIh, rnnBiasIhGrad),
        Parameter.ofFloats("rnn.bias_hh", new int[] {RNN_GATES}, false, true, rnnBiasHh, rnnBiasHhGrad),
        Parameter.ofFloats("rnn.p_gates", new int[] {RNN_GATES}, false, true, rnnPGates, rnnPGatesGrad),
        Parameter.ofFloats("rnn.p_cell", new int[] {RNN_UNITS}, false, true, rnnPCell, rnnPCellGrad),
        Parameter.ofFloats("logits.weight", new int[] {RNN_UNITS, LOGITS_UNITS}, true, true, logitsWeight, logitsWeightGrad),
        Parameter.ofFloats("logits.bias", new int[] {LOGITS_UNITS}, false, true, logitsBias, logitsBiasGrad)));
    this.noise = new CounterNoise(seed);
    initialize(new DitherRandom(seed));
  }

  /**
   * Draws every parameter from one generator, layer by layer: weights, biases, then p.
   */
  private void initialize(DitherRandom random) {
    rnnInitialize(random);
    logitsInitialize(random);
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: every weight and bias U(-1/sqrt(units), 1/sqrt(units)) as PyTorch's recurrent
   * layers; p U[-1, 1] as in the paper.
   */
  private void rnnInitialize(DitherRandom random) {
    final double bound = 1.0 / Math.sqrt(RNN_UNITS);
    final double[] weightih = new double[STEPS_UNITS * RNN_GATES];
    Initializers.uniform(random, weightih, -bound, bound);
    parameters.get("rnn.weight_ih").copyFromTorchLayout(weightih);
    final double[] weighthh = new double[RNN_UNITS * RNN_GATES];
    Initializers.uniform(random, weighthh, -bound, bound);
    parameters.get("rnn.weight_hh").copyFromTorchLayout(weighthh);
    final double[] biasih = new double[RNN_GATES];
    Initializers.uniform(random, biasih, -bound, bound);
    parameters.get("rnn.bias_ih").copyFrom(biasih);
    final double[] biashh = new double[RNN_GATES];
    Initializers.uniform(random, biashh, -bound, bound);
    parameters.get("rnn.bias_hh").copyFrom(biashh);
    final double[] pGates = new double[RNN_GATES];
    Initializers.uniform(random, pGates, -1.0, 1.0);
    parameters.get("rnn.p_gates").copyFrom(pGates);
    final double[] pCell = new double[RNN_UNITS];
    Initializers.uniform(random, pCell, -1.0, 1.0);
    parameters.get("rnn.p_cell").copyFrom(pCell);
  }

  /**
   * {@code @Dense(10)} on {@code NahLstm#logits()}: PYTORCH_DEFAULT weights, PyTorch's default bias.
   */
  private void logitsInitialize(DitherRandom random) {
    final double[] w = new double[LOGITS_UNITS * RNN_UNITS];
    Initializers.pytorchLinearWeight(random, w, RNN_UNITS);
    parameters.get("logits.weight").copyFromTorchLayout(w);
    final double[] b = new double[LOGITS_UNITS];
    Initializers.pytorchLinearBias(random, b, RNN_UNITS);
    parameters.get("logits.bias").copyFrom(b);
  }

  /**
   * One training step on a mini-batch: forward with noise, backward, optional gradient
   * clipping, optimizer update. Returns the mean loss before the update.
   *
   * @param inputs INPUT_SIZE values per example, example-major
   * @param labels one class index in [0, OUTPUT_SIZE) per example
   * @throws IllegalArgumentException on wrong lengths, non-finite inputs or bad targets
   * @throws NonFiniteLossException if the loss is not finite (parameters are then unchanged)
   */
  public double trainStep(float[] inputs, int[] labels) {
    final int batch = checkBatch(inputs, labels);
    final double value = forwardLoss(inputs, labels, batch, true);
    if (!Double.isFinite(value)) {
      if (nonFiniteLoss == NonFiniteLossPolicy.THROW) throw new NonFiniteLossException(NETWORK, steps, value);
      examplesSeen += batch;
      return value;
    }
    backward(inputs, batch);
    if (maxGradientNorm > 0) parameters.clipGradientNorm(maxGradientNorm);
    optimizer.step(parameters);
    if (carryState) carryStates(batch);
    steps++;
    examplesSeen += batch;
    return value;
  }

  /**
   * Forward with noise and backward, without updating anything: the gradients are
   * left in {@link #parameters()}. The noise is that of the next training step. Returns the mean loss.
   */
  public double gradients(float[] inputs, int[] labels) {
    final int batch = checkBatch(inputs, labels);
    final double value = forwardLoss(inputs, labels, batch, true);
    backward(inputs, batch);
    if (carryState) carryStates(batch);
    return value;
  }

  /**
   * The mean loss in evaluation mode (noise replaced by its expectation); changes nothing.
   */
  public double loss(float[] inputs, int[] labels) {
    final int batch = checkBatch(inputs, labels);
    return forwardLoss(inputs, labels, batch, false);
  }

  /**
   * Evaluation-mode forward pass (noise replaced by its expectation) writing OUTPUT_SIZE
   * values per example into {@code outputs} (the logits). Allocates nothing after warm-up.
   */
  public void infer(float[] inputs, float[] outputs) {
    final int batch = Checks.batchOf(NETWORK, "steps", inputs.length, INPUT_SIZE);
    Checks.length(NETWORK, "logits", batch, OUTPUT_SIZE, outputs.length);
    Checks.finite(NETWORK, "steps", inputs, INPUT_SIZE);
    forward(inputs, batch, false);
    for (int r = 0, rows = batch; r < rows; r++) System.arraycopy(logitsPre[r], 0, outputs, r * LOGITS_UNITS, LOGITS_UNITS);
    if (carryState) carryStates(batch);
  }

  /**
   * Training-mode forward pass: like {@code infer} but with freshly drawn noise, for Monte-Carlo
   * estimates. Consumes the noise of {@code batch} examples; changes no parameter.
   */
  public void sample(float[] inputs, float[] outputs) {
    final int batch = Checks.batchOf(NETWORK, "steps", inputs.length, INPUT_SIZE);
    Checks.length(NETWORK, "logits", batch, OUTPUT_SIZE, outputs.length);
    Checks.finite(NETWORK, "steps", inputs, INPUT_SIZE);
    forward(inputs, batch, true);
    examplesSeen += batch;
    for (int r = 0, rows = batch; r < rows; r++) System.arraycopy(logitsPre[r], 0, outputs, r * LOGITS_UNITS, LOGITS_UNITS);
    if (carryState) carryStates(batch);
  }

  /**
   * Like {@link #infer(float[], float[])}, into a new array.
   */
  public float[] infer(float[] inputs) {
    final float[] outputs = new float[Checks.batchOf(NETWORK, "steps", inputs.length, INPUT_SIZE) * OUTPUT_SIZE];
    infer(inputs, outputs);
    return outputs;
  }

  /**
   * Writes the most likely class of each example (evaluation mode) into {@code classes}.
   */
  public void classify(float[] inputs, int[] classes) {
    final int batch = Checks.batchOf(NETWORK, "steps", inputs.length, INPUT_SIZE);
    Checks.length(NETWORK, "logits", batch, 1, classes.length);
    Checks.finite(NETWORK, "steps", inputs, INPUT_SIZE);
    forward(inputs, batch, false);
    for (int r = 0, rows = batch; r < rows; r++) {
      final float[] row = logitsPre[r];
      int best = 0;
      for (int k = 1; k < LOGITS_UNITS; k++) if (row[k] > row[best]) best = k;
      classes[r] = best;
    }
  }

  private int checkBatch(float[] inputs, int[] labels) {
    final int batch = Checks.batchOf(NETWORK, "logits", labels.length, 1);
    Checks.labels(NETWORK, "logits", labels, LOGITS_UNITS);
    Checks.length(NETWORK, "steps", batch, INPUT_SIZE, inputs.length);
    Checks.finite(NETWORK, "steps", inputs, INPUT_SIZE);
    return batch;
  }

  @Override
  public void saveWeights(Path file) throws IOException {
    Checkpoints.saveWeights(state(), file);
  }

  @Override
  public void saveCheckpoint(Path file) throws IOException {
    Checkpoints.saveCheckpoint(state(), file);
  }

  @Override
  public void loadWeights(Path file) throws IOException {
    Checkpoints.loadWeights(state(), file);
  }

  @Override
  public void loadCheckpoint(Path file) throws IOException {
    Checkpoints.loadCheckpoint(state(), file);
  }

  /**
   * What {@link Checkpoints} saves and restores beyond the parameters.
   */
  private ModelState state() {
    return new ModelState(this, DESCRIPTION, new String[] {"rnn.input", "rnn.forget", "rnn.candidate", "rnn.output", "rnn.cell"},
        new String[] {"rnn.h", "rnn.c"}, new int[] {RNN_UNITS, RNN_UNITS}) {
      @Override
      protected double noiseLevel(int site, long step) {
        switch (site) {
          case 0: return rnnInputSchedule.level(step);
          case 1: return rnnForgetSchedule.level(step);
          case 2: return rnnCandidateSchedule.level(step);
          case 3: return rnnOutputSchedule.level(step);
          case 4: return rnnCellSchedule.level(step);
          default: throw new IndexOutOfBoundsException("noise site " + site);
        }
      }

      @Override
      protected void fixNoiseLevel(int site, double c) {
        switch (site) {
          case 0: rnnInputSchedule = AnnealingSchedules.constant(c); return;
          case 1: rnnForgetSchedule = AnnealingSchedules.constant(c); return;
          case 2: rnnCandidateSchedule = AnnealingSchedules.constant(c); return;
          case 3: rnnOutputSchedule = AnnealingSchedules.constant(c); return;
          case 4: rnnCellSchedule = AnnealingSchedules.constant(c); return;
          default: throw new IndexOutOfBoundsException("noise site " + site);
        }
      }

      @Override
      protected Optimizer optimizer() {
        return optimizer;
      }

      @Override
      protected NoiseSource noise() {
        return noise;
      }

      @Override
      protected double maxGradientNorm() {
        return maxGradientNorm;
      }

      @Override
      protected void restoreCounters(long steps, long examplesSeen) {
        NahLstmRows.this.steps = steps;
        NahLstmRows.this.examplesSeen = examplesSeen;
      }

      @Override
      protected boolean carrying() {
        return carryState;
      }

      @Override
      protected int carriedRows() {
        return capacity;
      }

      @Override
      protected Object carried(int index) {
        switch (index) {
          case 0: return rnnH0;
          case 1: return rnnC0;
          default: throw new IndexOutOfBoundsException("carried state " + index);
        }
      }

      @Override
      protected void restoreCarried(boolean carry, int rows) {
        // Reallocated at exactly the saved batch, so that later calls grow (and reset) as the saved model's would.
        capacity = 0;
        ensureCapacity(rows);
        carryState = carry;
      }
    };
  }

  @Override
  public String networkName() {
    return NETWORK;
  }

  @Override
  public int inputSize() {
    return INPUT_SIZE;
  }

  @Override
  public int outputSize() {
    return OUTPUT_SIZE;
  }

  @Override
  public ParameterSet parameters() {
    return parameters;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public long examplesSeen() {
    return examplesSeen;
  }

  @Override
  public void applyGradients(int examples) {
    if (examples < 0) {
      throw new IllegalArgumentException(NETWORK + ": applyGradients needs the number of examples the gradients cover (>= 0), got " + examples);
    }
    if (maxGradientNorm > 0) parameters.clipGradientNorm(maxGradientNorm);
    optimizer.step(parameters);
    steps++;
    examplesSeen += examples;
  }

  @Override
  public void position(long steps, long examplesSeen) {
    if (steps < 0 || examplesSeen < 0) {
      throw new IllegalArgumentException(NETWORK + ": position needs counters >= 0, got steps = " + steps + " and examplesSeen = " + examplesSeen);
    }
    this.steps = steps;
    this.examplesSeen = examplesSeen;
  }

  @Override
  public NahLstmRows optimizer(Optimizer optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    return this;
  }

  @Override
  public NahLstmRows noiseSource(NoiseSource noise) {
    this.noise = Objects.requireNonNull(noise, "noise");
    return this;
  }

  @Override
  public NahLstmRows gradientClipping(double maxNorm) {
    if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException(NETWORK + ": gradient clipping needs a finite maxNorm >= 0 (0 disables it), got " + maxNorm);
    }
    this.maxGradientNorm = maxNorm;
    return this;
  }

  @Override
  public NahLstmRows nonFiniteLoss(NonFiniteLossPolicy policy) {
    this.nonFiniteLoss = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Truncated backpropagation through time: with {@code carry}, every call starts from the
   * recurrent state the previous call ended in, example by example, and gradients stop at that
   * boundary. Feed consecutive windows of the same sequences with the same batch size; growing
   * the batch resets the state. Default: every call starts from zeros.
   */
  public NahLstmRows carryState(boolean carry) {
    this.carryState = carry;
    return this;
  }

  /**
   * Zeroes the carried recurrent state, e.g. between independent sequences.
   */
  public NahLstmRows resetState() {
    Arrays.fill(rnnH0, 0.0f);
    Arrays.fill(rnnC0, 0.0f);
    return this;
  }

  private void carryStates(int batch) {
    rnnCarry(batch);
  }

  @Override
  public NahLstmRows noiseSchedule(String layer, AnnealingSchedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    switch (layer) {
      case "rnn": rnnInputSchedule = schedule; rnnForgetSchedule = schedule; rnnCandidateSchedule = schedule; rnnOutputSchedule = schedule; rnnCellSchedule = schedule; return this;
      default: throw new IllegalArgumentException(NETWORK + ": no noisy layer called '" + layer + "'; noisy layers: rnn");
    }
  }

  @Override
  public NahLstmRows noiseSchedule(AnnealingSchedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    rnnInputSchedule = schedule;
    rnnForgetSchedule = schedule;
    rnnCandidateSchedule = schedule;
    rnnOutputSchedule = schedule;
    rnnCellSchedule = schedule;
    return this;
  }

  @Override
  public double noiseLevel(String layer) {
    switch (layer) {
      case "rnn": return rnnInputSchedule.level(steps);
      default: throw new IllegalArgumentException(NETWORK + ": no noisy layer called '" + layer + "'; noisy layers: rnn");
    }
  }

  /**
   * All layers in order; {@code training} draws noise, otherwise noise takes its expectation.
   */
  private void forward(float[] inputs, int batch, boolean training) {
    ensureCapacity(batch);
    rnnInputLevel = (float) (rnnInputSchedule.level(steps));
    rnnForgetLevel = (float) (rnnForgetSchedule.level(steps));
    rnnCandidateLevel = (float) (rnnCandidateSchedule.level(steps));
    rnnOutputLevel = (float) (rnnOutputSchedule.level(steps));
    rnnCellLevel = (float) (rnnCellSchedule.level(steps));
    rnnForward(inputs, batch, training);
    logitsLinear(rnnOut, batch);
  }

  private double forwardLoss(float[] inputs, int[] labels, int batch, boolean training) {
    forward(inputs, batch, training);
    return softmaxCrossEntropy(labels, batch, training);
  }

  /**
   * Backpropagation from the loss gradient in logitsDelta down to every parameter gradient.
   */
  private void backward(float[] inputs, int batch) {
    logitsGradients(rnnOut, batch);
    logitsPropagate(batch);
    rnnBackward(inputs, batch);
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: for truncated BPTT, the state after the last step becomes the initial
   * state of the next call (no gradient flows back into it).
   */
  private void rnnCarry(int batch) {
    for (int n = 0; n < batch; n++) {
      final int last = (n * STEPS + STEPS - 1) * RNN_UNITS;
      System.arraycopy(rnnHidden, last, rnnH0, n * RNN_UNITS, RNN_UNITS);
      System.arraycopy(rnnCell, last, rnnC0, n * RNN_UNITS, RNN_UNITS);
    }
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: the time loop, with noise drawn for every step at once.
   */
  private void rnnForward(final float[] x, int batch, boolean training) {
    loadRows(batch);
    if (training) {
      noise.fill(0, examplesSeen, batch, STEPS * RNN_GATES, rnnXiGates);
      noise.fill(1, examplesSeen, batch, STEPS * RNN_UNITS, rnnXiCell);
    }
    for (int t = 0; t < STEPS; t++) {
      rnnStep(x, t, batch);
      rnnGates(t, batch, training);
      rnnUpdate(t, batch, training);
    }
    rnnPool(batch);
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: the stacked pre-activations x_t W_ih + b_ih + h_{t-1} W_hh + b_hh of step t.
   */
  private void rnnStep(final float[] x, final int t, int batch) {
    // The state before step t: the initial state at t = 0, else step t - 1.
    final float[] hp = t == 0 ? rnnH0 : rnnHidden;
    final int prevStride = t == 0 ? RNN_UNITS : STEPS * RNN_UNITS;
    final int prevOffset = t == 0 ? 0 : (t - 1) * RNN_UNITS;
    for (int n = 0; n < batch; n++) System.arraycopy(biasSum, 0, zRows[n], 0, RNN_GATES);
    for (int i = 0; i < STEPS_UNITS; i++) {
      final float[] wr = wIhRows[i];
      for (int n = 0; n < batch; n++) {
        final float v = x[(n * STEPS + t) * STEPS_UNITS + i];
        if (v != 0.0f) {
          final float[] zr = zRows[n];
          for (int o = 0; o < RNN_GATES; o++) zr[o] += v * wr[o];
        }
      }
    }
    for (int i = 0; i < RNN_UNITS; i++) {
      final float[] wr = wHhRows[i];
      for (int n = 0; n < batch; n++) {
        final float v = hp[n * prevStride + prevOffset + i];
        if (v != 0.0f) {
          final float[] zr = zRows[n];
          for (int o = 0; o < RNN_GATES; o++) zr[o] += v * wr[o];
        }
      }
    }
    for (int n = 0; n < batch; n++) System.arraycopy(zRows[n], 0, rnnPre, (n * STEPS + t) * RNN_GATES, RNN_GATES);
  }

  /** Mirrors the LSTM weights into row arrays and sums the biases; grows the per-example rows. */
  private void loadRows(int batch) {
    if (zRows.length < batch) {
      zRows = new float[batch][RNN_GATES];
      dRows = new float[batch][RNN_GATES];
    }
    for (int i = 0; i < STEPS_UNITS; i++) System.arraycopy(rnnWeightIh, i * RNN_GATES, wIhRows[i], 0, RNN_GATES);
    for (int i = 0; i < RNN_UNITS; i++) System.arraycopy(rnnWeightHh, i * RNN_GATES, wHhRows[i], 0, RNN_GATES);
    for (int o = 0; o < RNN_GATES; o++) biasSum[o] = rnnBiasIh[o] + rnnBiasHh[o];
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: the gate functions of step t, inlined per site.
   */
  private void rnnGates(final int t, int batch, boolean training) {
    // INPUT: HARD_SIGMOID with NAH noise
    if (training) {
      // Eq. 12: αh(x) + (1 - α)u(x) + d(x)σ(x)ε, ε = |ξ| (Algorithm 1); σ = 0 where Δ = 0.
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
          final float u = 0.25f * x + 0.5f;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnInputLevel * e * e * Math.abs(rnnXiGates[j]);
          }
          rnnAct[j] = value;
        }
      }
    } else {
      // Test time (eq. 13): ε replaced by E|ξ| = sqrt(2/π).
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
          final float u = 0.25f * x + 0.5f;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnInputLevel * e * e * 0.7978846f;
          }
          rnnAct[j] = value;
        }
      }
    }
    // FORGET: HARD_SIGMOID with NAH noise
    if (training) {
      // Eq. 12: αh(x) + (1 - α)u(x) + d(x)σ(x)ε, ε = |ξ| (Algorithm 1); σ = 0 where Δ = 0.
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES + RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
          final float u = 0.25f * x + 0.5f;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[RNN_UNITS + k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnForgetLevel * e * e * Math.abs(rnnXiGates[j]);
          }
          rnnAct[j] = value;
        }
      }
    } else {
      // Test time (eq. 13): ε replaced by E|ξ| = sqrt(2/π).
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES + RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
          final float u = 0.25f * x + 0.5f;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[RNN_UNITS + k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnForgetLevel * e * e * 0.7978846f;
          }
          rnnAct[j] = value;
        }
      }
    }
    // CANDIDATE: HARD_TANH with NAH noise
    if (training) {
      // Eq. 12: αh(x) + (1 - α)u(x) + d(x)σ(x)ε, ε = |ξ| (Algorithm 1); σ = 0 where Δ = 0.
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES + 2 * RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max((-1.0f), Math.min(1.0f, x));
          final float u = x;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[2 * RNN_UNITS + k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnCandidateLevel * e * e * Math.abs(rnnXiGates[j]);
          }
          rnnAct[j] = value;
        }
      }
    } else {
      // Test time (eq. 13): ε replaced by E|ξ| = sqrt(2/π).
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES + 2 * RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max((-1.0f), Math.min(1.0f, x));
          final float u = x;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[2 * RNN_UNITS + k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnCandidateLevel * e * e * 0.7978846f;
          }
          rnnAct[j] = value;
        }
      }
    }
    // OUTPUT: HARD_SIGMOID with NAH noise
    if (training) {
      // Eq. 12: αh(x) + (1 - α)u(x) + d(x)σ(x)ε, ε = |ξ| (Algorithm 1); σ = 0 where Δ = 0.
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES + 3 * RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
          final float u = 0.25f * x + 0.5f;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[3 * RNN_UNITS + k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnOutputLevel * e * e * Math.abs(rnnXiGates[j]);
          }
          rnnAct[j] = value;
        }
      }
    } else {
      // Test time (eq. 13): ε replaced by E|ξ| = sqrt(2/π).
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_GATES + t * RNN_GATES + 3 * RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnPre[j];
          final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
          final float u = 0.25f * x + 0.5f;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[3 * RNN_UNITS + k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnOutputLevel * e * e * 0.7978846f;
          }
          rnnAct[j] = value;
        }
      }
    }
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: c_t = f c_{t-1} + i g, then h_t = o tanh(c_t) with the cell site's function.
   */
  private void rnnUpdate(final int t, int batch, boolean training) {
    // The state before step t: the initial state at t = 0, else step t - 1.
    final float[] hp = t == 0 ? rnnH0 : rnnHidden;
    final float[] cp = t == 0 ? rnnC0 : rnnCell;
    final int prevStride = t == 0 ? RNN_UNITS : STEPS * RNN_UNITS;
    final int prevOffset = t == 0 ? 0 : (t - 1) * RNN_UNITS;
    for (int n = 0; n < batch; n++) {
      final int go = (n * STEPS + t) * RNN_GATES;
      final int ho = (n * STEPS + t) * RNN_UNITS;
      final int po = n * prevStride + prevOffset;
      for (int k = 0; k < RNN_UNITS; k++) rnnCell[ho + k] = rnnAct[go + RNN_UNITS + k] * cp[po + k] + rnnAct[go + k] * rnnAct[go + 2 * RNN_UNITS + k];
    }
    // CELL: HARD_TANH with NAH noise
    if (training) {
      // Eq. 12: αh(x) + (1 - α)u(x) + d(x)σ(x)ε, ε = |ξ| (Algorithm 1); σ = 0 where Δ = 0.
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_UNITS + t * RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnCell[j];
          final float h = Math.max((-1.0f), Math.min(1.0f, x));
          final float u = x;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPCell[k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnCellLevel * e * e * Math.abs(rnnXiCell[j]);
          }
          rnnCellAct[j] = value;
        }
      }
    } else {
      // Test time (eq. 13): ε replaced by E|ξ| = sqrt(2/π).
      for (int n = 0; n < batch; n++) {
        final int base = n * STEPS * RNN_UNITS + t * RNN_UNITS;
        for (int k = 0; k < RNN_UNITS; k++) {
          final int j = base + k;
          final float x = rnnCell[j];
          final float h = Math.max((-1.0f), Math.min(1.0f, x));
          final float u = x;
          final float gap = h - u;
          float value = 1.15f * h + (-0.15f) * u;
          if (gap != 0.0f) {
            final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPCell[k] * gap))));
            final float e = sig - 0.5f;
            value += (x >= 0.0f ? 1.0f : (-1.0f)) * rnnCellLevel * e * e * 0.7978846f;
          }
          rnnCellAct[j] = value;
        }
      }
    }
    for (int n = 0; n < batch; n++) {
      final int go = (n * STEPS + t) * RNN_GATES;
      final int ho = (n * STEPS + t) * RNN_UNITS;
      for (int k = 0; k < RNN_UNITS; k++) rnnHidden[ho + k] = rnnAct[go + 3 * RNN_UNITS + k] * rnnCellAct[ho + k];
    }
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: the output is the state after the last step (past a shorter example's length its state is carried).
   */
  private void rnnPool(int batch) {
    for (int n = 0; n < batch; n++) {
      System.arraycopy(rnnHidden, (n * STEPS + STEPS - 1) * RNN_UNITS, rnnOut, n * RNN_UNITS, RNN_UNITS);
    }
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: backpropagation through time from rnnDelta.
   */
  private void rnnBackward(final float[] x, int batch) {
    for (int i = 0; i < RNN_UNITS; i++) Arrays.fill(gHhRows[i], 0.0f);
    if (transposedRecurrent) {
      for (int i = 0; i < RNN_UNITS; i++) {
        final float[] wr = wHhRows[i];
        for (int o = 0; o < RNN_GATES; o++) wHhT[o][i] = wr[o];
      }
    }
    Arrays.fill(rnnPGatesGrad, 0.0f);
    Arrays.fill(rnnPCellGrad, 0.0f);
    Arrays.fill(rnnDhNext, 0, batch * RNN_UNITS, 0.0f);
    Arrays.fill(rnnDcNext, 0, batch * RNN_UNITS, 0.0f);
    for (int t = STEPS - 1; t >= 0; t--) rnnBackStep(t, batch);
    for (int i = 0; i < RNN_UNITS; i++) System.arraycopy(gHhRows[i], 0, rnnWeightHhGrad, i * RNN_GATES, RNN_GATES);
    rnnGradients(x, batch);
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: step t of BPTT: dL/dh and dL/dc to the gates, then to h_{t-1} and c_{t-1}.
   */
  private void rnnBackStep(final int t, int batch) {
    // The state before step t: the initial state at t = 0, else step t - 1.
    final float[] hp = t == 0 ? rnnH0 : rnnHidden;
    final float[] cp = t == 0 ? rnnC0 : rnnCell;
    final int prevStride = t == 0 ? RNN_UNITS : STEPS * RNN_UNITS;
    final int prevOffset = t == 0 ? 0 : (t - 1) * RNN_UNITS;
    for (int n = 0; n < batch; n++) {
      final int go = (n * STEPS + t) * RNN_GATES;
      final int ho = (n * STEPS + t) * RNN_UNITS;
      final int so = n * RNN_UNITS;
      final int po = n * prevStride + prevOffset;
      for (int k = 0; k < RNN_UNITS; k++) {
        final float dh = rnnDhNext[so + k] + (t == STEPS - 1 ? rnnDelta[n * RNN_UNITS + k] : 0.0f);
        rnnDGates[go + 3 * RNN_UNITS + k] = dh * rnnCellAct[ho + k];
        rnnDCell[ho + k] = dh * rnnAct[go + 3 * RNN_UNITS + k];
      }
    }
    // Through the cell site: dL/dtanh(c) becomes dL/dc in place.
    // dφ/dx = αh' + (1 - α)u' + d ε dσ/dx; dφ/dp = d ε dσ/dp; dΔ/dx = -u' where saturated.
    for (int n = 0; n < batch; n++) {
      final int base = n * STEPS * RNN_UNITS + t * RNN_UNITS;
      for (int k = 0; k < RNN_UNITS; k++) {
        final int j = base + k;
        final float x = rnnCell[j];
        final float g = rnnDCell[j];
        final float h = Math.max((-1.0f), Math.min(1.0f, x));
        final float u = x;
        final float gap = h - u;
        if (gap == 0.0f) {
          rnnDCell[j] = g;
        } else {
          final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPCell[k] * gap))));
          final float e = sig - 0.5f;
          final float common = (x >= 0.0f ? 1.0f : (-1.0f)) * Math.abs(rnnXiCell[j]) * 2.0f * rnnCellLevel * e * sig * (1.0f - sig);
          rnnDCell[j] = g * ((-0.15f) + common * rnnPCell[k] * (-1.0f));
          rnnPCellGrad[k] += g * common * gap;
        }
      }
    }
    for (int n = 0; n < batch; n++) {
      final int go = (n * STEPS + t) * RNN_GATES;
      final int ho = (n * STEPS + t) * RNN_UNITS;
      final int so = n * RNN_UNITS;
      final int po = n * prevStride + prevOffset;
      for (int k = 0; k < RNN_UNITS; k++) {
        final float dc = rnnDcNext[so + k] + rnnDCell[ho + k];
        rnnDGates[go + k] = dc * rnnAct[go + 2 * RNN_UNITS + k];
        rnnDGates[go + 2 * RNN_UNITS + k] = dc * rnnAct[go + k];
        rnnDGates[go + RNN_UNITS + k] = dc * cp[po + k];
        rnnDcNext[so + k] = dc * rnnAct[go + RNN_UNITS + k];
      }
    }
    rnnGatesBackward(t, batch);
    // rnnWeightHhGrad += h_{t-1}ᵀ · dG; dL/dh_{t-1} = dG · rnnWeightHhᵀ.
    for (int n = 0; n < batch; n++) System.arraycopy(rnnDGates, (n * STEPS + t) * RNN_GATES, dRows[n], 0, RNN_GATES);
    for (int i = 0; i < RNN_UNITS; i++) {
      final float[] gr = gHhRows[i];
      final float[] wr = wHhRows[i];
      for (int n = 0; n < batch; n++) {
        final float v = hp[n * prevStride + prevOffset + i];
        final float[] dr = dRows[n];
        for (int o = 0; o < RNN_GATES; o++) gr[o] += v * dr[o];
        if (!transposedRecurrent) {
          float sum = 0.0f;
          for (int o = 0; o < RNN_GATES; o++) sum += wr[o] * dr[o];
          rnnDhNext[n * RNN_UNITS + i] = sum;
        }
      }
    }
    if (transposedRecurrent) {
      final float[] dh = dhRow;
      for (int n = 0; n < batch; n++) {
        Arrays.fill(dh, 0.0f);
        final float[] dr = dRows[n];
        for (int o = 0; o < RNN_GATES; o++) {
          final float g = dr[o];
          final float[] wt = wHhT[o];
          for (int k = 0; k < RNN_UNITS; k++) dh[k] += g * wt[k];
        }
        System.arraycopy(dh, 0, rnnDhNext, n * RNN_UNITS, RNN_UNITS);
      }
    }
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: the gate sites of step t in reverse: dL/d(gate) becomes dL/d(pre-activation) in place.
   */
  private void rnnGatesBackward(final int t, int batch) {
    // OUTPUT
    // dφ/dx = αh' + (1 - α)u' + d ε dσ/dx; dφ/dp = d ε dσ/dp; dΔ/dx = -u' where saturated.
    for (int n = 0; n < batch; n++) {
      final int base = n * STEPS * RNN_GATES + t * RNN_GATES + 3 * RNN_UNITS;
      for (int k = 0; k < RNN_UNITS; k++) {
        final int j = base + k;
        final float x = rnnPre[j];
        final float g = rnnDGates[j];
        final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
        final float u = 0.25f * x + 0.5f;
        final float gap = h - u;
        if (gap == 0.0f) {
          rnnDGates[j] = g * 0.25f;
        } else {
          final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[3 * RNN_UNITS + k] * gap))));
          final float e = sig - 0.5f;
          final float common = (x >= 0.0f ? 1.0f : (-1.0f)) * Math.abs(rnnXiGates[j]) * 2.0f * rnnOutputLevel * e * sig * (1.0f - sig);
          rnnDGates[j] = g * ((-0.0375f) + common * rnnPGates[3 * RNN_UNITS + k] * (-0.25f));
          rnnPGatesGrad[3 * RNN_UNITS + k] += g * common * gap;
        }
      }
    }
    // CANDIDATE
    // dφ/dx = αh' + (1 - α)u' + d ε dσ/dx; dφ/dp = d ε dσ/dp; dΔ/dx = -u' where saturated.
    for (int n = 0; n < batch; n++) {
      final int base = n * STEPS * RNN_GATES + t * RNN_GATES + 2 * RNN_UNITS;
      for (int k = 0; k < RNN_UNITS; k++) {
        final int j = base + k;
        final float x = rnnPre[j];
        final float g = rnnDGates[j];
        final float h = Math.max((-1.0f), Math.min(1.0f, x));
        final float u = x;
        final float gap = h - u;
        if (gap == 0.0f) {
          rnnDGates[j] = g;
        } else {
          final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[2 * RNN_UNITS + k] * gap))));
          final float e = sig - 0.5f;
          final float common = (x >= 0.0f ? 1.0f : (-1.0f)) * Math.abs(rnnXiGates[j]) * 2.0f * rnnCandidateLevel * e * sig * (1.0f - sig);
          rnnDGates[j] = g * ((-0.15f) + common * rnnPGates[2 * RNN_UNITS + k] * (-1.0f));
          rnnPGatesGrad[2 * RNN_UNITS + k] += g * common * gap;
        }
      }
    }
    // FORGET
    // dφ/dx = αh' + (1 - α)u' + d ε dσ/dx; dφ/dp = d ε dσ/dp; dΔ/dx = -u' where saturated.
    for (int n = 0; n < batch; n++) {
      final int base = n * STEPS * RNN_GATES + t * RNN_GATES + RNN_UNITS;
      for (int k = 0; k < RNN_UNITS; k++) {
        final int j = base + k;
        final float x = rnnPre[j];
        final float g = rnnDGates[j];
        final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
        final float u = 0.25f * x + 0.5f;
        final float gap = h - u;
        if (gap == 0.0f) {
          rnnDGates[j] = g * 0.25f;
        } else {
          final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[RNN_UNITS + k] * gap))));
          final float e = sig - 0.5f;
          final float common = (x >= 0.0f ? 1.0f : (-1.0f)) * Math.abs(rnnXiGates[j]) * 2.0f * rnnForgetLevel * e * sig * (1.0f - sig);
          rnnDGates[j] = g * ((-0.0375f) + common * rnnPGates[RNN_UNITS + k] * (-0.25f));
          rnnPGatesGrad[RNN_UNITS + k] += g * common * gap;
        }
      }
    }
    // INPUT
    // dφ/dx = αh' + (1 - α)u' + d ε dσ/dx; dφ/dp = d ε dσ/dp; dΔ/dx = -u' where saturated.
    for (int n = 0; n < batch; n++) {
      final int base = n * STEPS * RNN_GATES + t * RNN_GATES;
      for (int k = 0; k < RNN_UNITS; k++) {
        final int j = base + k;
        final float x = rnnPre[j];
        final float g = rnnDGates[j];
        final float h = Math.max(0.0f, Math.min(1.0f, 0.25f * x + 0.5f));
        final float u = 0.25f * x + 0.5f;
        final float gap = h - u;
        if (gap == 0.0f) {
          rnnDGates[j] = g * 0.25f;
        } else {
          final float sig = (float) (1.0 / (1.0 + Math.exp(-(rnnPGates[k] * gap))));
          final float e = sig - 0.5f;
          final float common = (x >= 0.0f ? 1.0f : (-1.0f)) * Math.abs(rnnXiGates[j]) * 2.0f * rnnInputLevel * e * sig * (1.0f - sig);
          rnnDGates[j] = g * ((-0.0375f) + common * rnnPGates[k] * (-0.25f));
          rnnPGatesGrad[k] += g * common * gap;
        }
      }
    }
  }

  /**
   * {@code @Lstm(128)} on {@code NahLstm#rnn()}: over all steps at once, the input weight and bias gradients.
   */
  private void rnnGradients(final float[] x, int batch) {
    final int rows = batch * STEPS;
    final float[] d = rnnDGates;
    final float[] db = rnnBiasIhGrad;
    final float[] dr = dRow;
    for (int i = 0; i < STEPS_UNITS; i++) Arrays.fill(gIhRows[i], 0.0f);
    Arrays.fill(db, 0.0f);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(d, r * RNN_GATES, dr, 0, RNN_GATES);
      for (int o = 0; o < RNN_GATES; o++) db[o] += dr[o];
      for (int i = 0; i < STEPS_UNITS; i++) {
        final float v = x[r * STEPS_UNITS + i];
        if (v != 0.0f) {
          final float[] gr = gIhRows[i];
          for (int o = 0; o < RNN_GATES; o++) gr[o] += v * dr[o];
        }
      }
    }
    System.arraycopy(db, 0, rnnBiasHhGrad, 0, RNN_GATES);
    for (int i = 0; i < STEPS_UNITS; i++) System.arraycopy(gIhRows[i], 0, rnnWeightIhGrad, i * RNN_GATES, RNN_GATES);
  }

  /**
   * {@code @Dense(10)} on {@code NahLstm#logits()}: logitsPre = x · logitsWeight + logitsBias for each row.
   */
  private void logitsLinear(final float[] x, int batch) {
    final float[][] z = logitsPre;
    final float[] w = rowScratch;
    for (int n = 0; n < batch; n++) System.arraycopy(logitsBias, 0, z[n], 0, LOGITS_UNITS);
    for (int i = 0; i < RNN_UNITS; i++) {
      boolean loaded = false;
      for (int n = 0; n < batch; n++) {
        final float xi = x[n * RNN_UNITS + i];
        // Zero inputs (one-hot, binary, ReLU) contribute nothing: skip the row, and its copy.
        if (xi != 0.0f) {
          if (!loaded) {
            System.arraycopy(logitsWeight, i * LOGITS_UNITS, w, 0, LOGITS_UNITS);
            loaded = true;
          }
          final float[] zn = z[n];
          for (int o = 0; o < LOGITS_UNITS; o++) zn[o] += xi * w[o];
        }
      }
    }
  }

  /**
   * {@code @Dense(10)} on {@code NahLstm#logits()}: logitsWeightGrad = xᵀ · logitsDelta and logitsBiasGrad = column sums of logitsDelta.
   */
  private void logitsGradients(final float[] x, int batch) {
    final float[] db = logitsBiasGrad;
    final float[][] d = logitsDelta;
    final float[] g = rowScratch;
    System.arraycopy(d[0], 0, db, 0, LOGITS_UNITS);
    for (int n = 1; n < batch; n++) {
      final float[] dn = d[n];
      for (int o = 0; o < LOGITS_UNITS; o++) db[o] += dn[o];
    }
    for (int i = 0; i < RNN_UNITS; i++) {
      final float x0 = x[0 * RNN_UNITS + i];
      final float[] d0 = d[0];
      for (int o = 0; o < LOGITS_UNITS; o++) g[o] = x0 * d0[o];
      for (int n = 1; n < batch; n++) {
        final float xi = x[n * RNN_UNITS + i];
        if (xi != 0.0f) {
          final float[] dn = d[n];
          for (int o = 0; o < LOGITS_UNITS; o++) g[o] += xi * dn[o];
        }
      }
      System.arraycopy(g, 0, logitsWeightGrad, i * LOGITS_UNITS, LOGITS_UNITS);
    }
  }

  /**
   * {@code @Dense(10)} on {@code NahLstm#logits()}: rnnDelta = logitsDelta · logitsWeightᵀ, the gradient at the layer's input.
   */
  private void logitsPropagate(int batch) {
    final float[] w = logitsWeight;
    final float[][] d = logitsDelta;
    final float[] t = rnnDelta;
    for (int i = 0; i < RNN_UNITS; i++) {
      final int row = i * LOGITS_UNITS;
      for (int n = 0; n < batch; n++) {
        final float[] dn = d[n];
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        for (int o = 0; o < 8; o += 4) {
          s0 += w[row + o] * dn[o];
          s1 += w[row + o + 1] * dn[o + 1];
          s2 += w[row + o + 2] * dn[o + 2];
          s3 += w[row + o + 3] * dn[o + 3];
        }
        for (int o = 8; o < LOGITS_UNITS; o++) s0 += w[row + o] * dn[o];
        t[n * RNN_UNITS + i] = (s0 + s1) + (s2 + s3);
      }
    }
  }

  /**
   * {@code @Network(loss = SOFTMAX_CROSS_ENTROPY)}: mean softmax cross-entropy of logitsPre, shifted by each row's maximum;
   * with {@code gradient}, writes dL/dz = (softmax(z) - onehot(label)) / batch to logitsDelta.
   */
  private double softmaxCrossEntropy(final int[] labels, int batch, boolean gradient) {
    final float[][] z = logitsPre;
    final float[][] d = logitsDelta;
    final double scale = 1.0 / batch;
    double total = 0;
    for (int n = 0; n < batch; n++) {
      final float[] zn = z[n];
      double max = zn[0];
      for (int k = 1; k < LOGITS_UNITS; k++) max = Math.max(max, zn[k]);
      double sum = 0;
      for (int k = 0; k < LOGITS_UNITS; k++) sum += Math.exp(zn[k] - max);
      final double logSum = max + Math.log(sum);
      total += logSum - zn[labels[n]];
      if (gradient) {
        final float[] dn = d[n];
        for (int k = 0; k < LOGITS_UNITS; k++) dn[k] = (float) (Math.exp(zn[k] - logSum) * scale);
        dn[labels[n]] -= (float) (scale);
      }
    }
    return total * scale;
  }

  /**
   * Grows the per-example buffers to {@code batch} examples; the only allocation after construction.
   */
  private void ensureCapacity(int batch) {
    if (batch <= capacity) return;
    rnnPre = new float[batch * STEPS * RNN_GATES];
    rnnAct = new float[batch * STEPS * RNN_GATES];
    rnnXiGates = new float[batch * STEPS * RNN_GATES];
    rnnCell = new float[batch * STEPS * RNN_UNITS];
    rnnCellAct = new float[batch * STEPS * RNN_UNITS];
    rnnXiCell = new float[batch * STEPS * RNN_UNITS];
    rnnC0 = new float[batch * RNN_UNITS];
    rnnDCell = new float[batch * STEPS * RNN_UNITS];
    rnnDcNext = new float[batch * RNN_UNITS];
    rnnHidden = new float[batch * STEPS * RNN_UNITS];
    rnnH0 = new float[batch * RNN_UNITS];
    rnnOut = new float[batch * RNN_UNITS];
    rnnDelta = new float[batch * RNN_UNITS];
    rnnDGates = new float[batch * STEPS * RNN_GATES];
    rnnDhNext = new float[batch * RNN_UNITS];
    logitsPre = new float[batch][LOGITS_UNITS];
    logitsDelta = new float[batch][LOGITS_UNITS];
    capacity = batch;
  }
}
