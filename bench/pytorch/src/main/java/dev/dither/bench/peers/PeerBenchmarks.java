package dev.dither.bench.peers;

import ai.djl.engine.Engine;
import dev.dither.bench.HardLstmModel;
import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.LstmNetworks;
import dev.dither.bench.MnistLikeData;
import dev.dither.bench.NahLstmModel;
import dev.dither.bench.NahMlpModel;
import dev.dither.bench.Networks;
import dev.dither.bench.SequenceData;
import dev.dither.bench.SoftGruModel;
import dev.dither.bench.SoftLstmModel;
import dev.dither.bench.baseline.HandWrittenLstm;
import dev.dither.bench.baseline.HandWrittenMlp;
import dev.dither.runtime.CounterNoise;
import dev.dither.runtime.GeneratedModel;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark against peers: workloads W1–W4 for the generated code, the hand-written Java
 * baseline and PyTorch, in one run on one thread, written to {@code bench/results/peers.md},
 * {@code peers-raw.tsv} and {@code peers.png}. Before timing anything it checks that the
 * implementations compute the same thing ({@link Checks}). Run it with {@code bench/run-peers.sh}.
 *
 * <p>System properties: {@code peers.warmup}, {@code peers.round} (seconds), {@code peers.rounds},
 * {@code peers.commit} (recorded in the report).
 */
public final class PeerBenchmarks {
  static final long MODEL_SEED = 42;
  static final long NOISE_SEED = 7;
  static final long DATA_SEED = 2016;
  static final String W1 = "W1 — MLP 784-256-256-10, one training step";
  static final String W2 = "W2 — LSTM / GRU 32 → 128, 50 steps, last state → dense 10, one training step";
  static final String W3 = "W3 — MLP inference, batch 1 (hard-tanh network)";
  static final String W4 = "W4 — JVM start → first inference of the W1 network";

  private final Measure.Settings settings;
  private final List<Row> rows = new ArrayList<>();

  private PeerBenchmarks(Measure.Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    // One thread for PyTorch as for the JVM code; set before the engine loads.
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Path out = Path.of(args.length > 0 ? args[0] : "bench/results");
    Measure.Settings settings = new Measure.Settings(
        Double.parseDouble(System.getProperty("peers.warmup", "2")),
        Double.parseDouble(System.getProperty("peers.round", "1.5")),
        Integer.parseInt(System.getProperty("peers.rounds", "3")));

    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String loadBefore = Machine.uptime();
    double peak = Machine.fmaPeakGflops();
    System.out.printf(Locale.ROOT, "FP32 FMA peak, one core: %.1f GFLOP/s (%d-bit vectors)%n", peak, Machine.vectorBits());
    String pytorch = Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion();

    List<String> checks = Checks.all(MODEL_SEED, DATA_SEED);
    PeerBenchmarks run = new PeerBenchmarks(settings);
    run.mlp();
    run.recurrent();
    run.latency();
    run.startup();
    String loadAfter = Machine.uptime();
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    List<String> header = new ArrayList<>();
    header.add("## Run of " + start + " to " + end);
    header.add("");
    header.add("| | |");
    header.add("|---|---|");
    header.add("| commit | " + System.getProperty("peers.commit", "not given") + " |");
    header.add("| CPU | " + Machine.cpuModel() + " (" + Runtime.getRuntime().availableProcessors() + " cores visible; "
        + Machine.vectorFlags() + ") |");
    header.add(String.format(Locale.ROOT, "| FP32 FMA peak, one core | %.1f GFLOP/s (measured: 12 independent %d-bit FMA chains) |",
        peak, Machine.vectorBits()));
    header.add("| JDK | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " |");
    header.add("| PyTorch | " + pytorch + " through DJL 0.36.0, CPU, 1 intra-op and 1 inter-op thread |");
    header.add("| load | before: " + loadBefore + "; after: " + loadAfter + " (2 cores, shared) |");
    header.add(String.format(Locale.ROOT, "| timing | one thread (rows \"threads(2)\": two); %.1f s warm-up, then %d rounds of %.1f s; median of the rounds, "
        + "spread = half the range of the rounds / median |", settings.warmup(), settings.rounds(), settings.round()));
    header.add("");
    header.add("Checks passed before timing:");
    header.add("");
    for (String c : checks) {
      header.add("- " + c);
    }
    new Report(run.rows, header, peak).write(out);
    System.out.println(new Report(run.rows, header, peak).markdown());
  }

  /** One case of a workload: its implementations, measured with their rounds interleaved. */
  private final class Case {
    private final String workload;
    private final String label;
    private final int batch;
    private final double flops;
    private final List<String[]> names = new ArrayList<>();
    private final List<Measure.Step> steps = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    Case(String workload, String label, int batch, double flops) {
      this.workload = workload;
      this.label = label;
      this.batch = batch;
      this.flops = flops;
    }

    Case add(String implementation, String note, Measure.Step step) {
      names.add(new String[] {implementation, note});
      steps.add(step);
      return this;
    }

    /** A generated model on two threads, back on one after the measurement. */
    <T extends GeneratedModel> T threaded(T model) {
      model.threads(2);
      resources.add(() -> model.threads(1));
      return model;
    }

    /** A PyTorch network, closed after the measurement. */
    <T extends TorchNet> T torch(T net) {
      resources.add(net);
      return net;
    }

    void throughput() throws Exception {
      System.out.printf("%s | %s ...%n", workload.substring(0, 2), label);
      double[][] rounds = Measure.throughput(steps, batch, settings);
      for (int i = 0; i < steps.size(); i++) {
        rows.add(new Row(workload, label, names.get(i)[0], W1.equals(workload) ? "samples/s" : "sequences/s",
            rounds[i], null, flops, names.get(i)[1]));
      }
      close();
    }

    void latency() throws Exception {
      System.out.printf("%s | %s ...%n", workload.substring(0, 2), label);
      double[][][] rounds = Measure.latency(steps, settings);
      for (int i = 0; i < steps.size(); i++) {
        double[] p50 = new double[rounds[i].length];
        double[] p99 = new double[rounds[i].length];
        for (int r = 0; r < p50.length; r++) {
          p50[r] = rounds[i][r][0];
          p99[r] = rounds[i][r][1];
        }
        rows.add(new Row(workload, label, names.get(i)[0], "µs", p50, p99, flops, names.get(i)[1]));
      }
      close();
    }

    private void close() throws Exception {
      for (AutoCloseable r : resources) {
        r.close();
      }
    }
  }

  private void mlp() throws Exception {
    for (int batch : new int[] {1, 32}) {
      Case c = new Case(W1, "hard-tanh, batch " + batch, batch, HardTanhMlpModel.TRAINING_FLOPS_PER_EXAMPLE);
      c.add(Row.DITHER, "", trainer(new HardTanhMlpModel(MODEL_SEED)::trainStep, batch));
      if (batch > 1) {
        c.add(Row.DITHER_THREADS, "2 cores", trainer(c.threaded(new HardTanhMlpModel(MODEL_SEED))::trainStep, batch));
      }
      c.add(Row.JAVA, "", trainer(Networks.hardTanhBaseline(new HardTanhMlpModel(MODEL_SEED))::trainStep, batch));
      c.add(Row.PYTORCH, "", trainer(c.torch(new TorchMlp(new HardTanhMlpModel(MODEL_SEED)))::trainStep, batch));
      c.throughput();
    }
    for (int batch : new int[] {1, 32}) {
      Case c = new Case(W1, "NAH, batch " + batch, batch, NahMlpModel.TRAINING_FLOPS_PER_EXAMPLE);
      NahMlpModel dither = new NahMlpModel(MODEL_SEED);
      HandWrittenMlp java = Networks.nahBaseline(new NahMlpModel(MODEL_SEED), NOISE_SEED);
      dither.noiseSource(new CounterNoise(NOISE_SEED));
      c.add(Row.DITHER, "", trainer(dither::trainStep, batch));
      if (batch > 1) {
        NahMlpModel threaded = c.threaded(new NahMlpModel(MODEL_SEED));
        threaded.noiseSource(new CounterNoise(NOISE_SEED));
        c.add(Row.DITHER_THREADS, "2 cores", trainer(threaded::trainStep, batch));
      }
      c.add(Row.JAVA, "", trainer(java::trainStep, batch));
      c.add(Row.PYTORCH, "hard-tanh without noise: no NAH in PyTorch",
          trainer(c.torch(new TorchMlp(new HardTanhMlpModel(MODEL_SEED)))::trainStep, batch));
      c.throughput();
    }
  }

  private void recurrent() throws Exception {
    for (int batch : new int[] {1, 16}) {
      Case c = new Case(W2, "sigmoid/tanh LSTM, batch " + batch, batch, SoftLstmModel.TRAINING_FLOPS_PER_EXAMPLE);
      c.add(Row.DITHER, "", sequences(LstmNetworks.saturate(new SoftLstmModel(MODEL_SEED))::trainStep, batch));
      c.add(Row.JAVA, "", sequences(
          LstmNetworks.softBaseline(LstmNetworks.saturate(new SoftLstmModel(MODEL_SEED)))::trainStep, batch));
      c.add(Row.PYTORCH, "fused torch.lstm, as nn.LSTM", sequences(c.torch(new TorchRecurrent(
          LstmNetworks.saturate(new SoftLstmModel(MODEL_SEED)), TorchRecurrent.Cell.FUSED_LSTM))::trainStep, batch));
      c.throughput();
    }
    for (int batch : new int[] {1, 16}) {
      Case c = new Case(W2, "hard LSTM, batch " + batch, batch, HardLstmModel.TRAINING_FLOPS_PER_EXAMPLE);
      c.add(Row.DITHER, "", sequences(LstmNetworks.saturate(new HardLstmModel(MODEL_SEED))::trainStep, batch));
      if (batch > 1) {
        c.add(Row.DITHER_THREADS, "2 cores", sequences(
            c.threaded(LstmNetworks.saturate(new HardLstmModel(MODEL_SEED)))::trainStep, batch));
      }
      c.add(Row.PYTORCH, "hard cell written by hand", sequences(c.torch(new TorchRecurrent(
          LstmNetworks.saturate(new HardLstmModel(MODEL_SEED)), TorchRecurrent.Cell.HARD_LSTM))::trainStep, batch));
      c.throughput();
    }
    for (int batch : new int[] {1, 16}) {
      Case c = new Case(W2, "NAH LSTM, batch " + batch, batch, NahLstmModel.TRAINING_FLOPS_PER_EXAMPLE);
      NahLstmModel dither = LstmNetworks.saturate(new NahLstmModel(MODEL_SEED));
      HandWrittenLstm java = LstmNetworks.nahBaseline(LstmNetworks.saturate(new NahLstmModel(MODEL_SEED)), NOISE_SEED);
      dither.noiseSource(new CounterNoise(NOISE_SEED));
      c.add(Row.DITHER, "", sequences(dither::trainStep, batch));
      if (batch > 1) {
        NahLstmModel threaded = c.threaded(LstmNetworks.saturate(new NahLstmModel(MODEL_SEED)));
        threaded.noiseSource(new CounterNoise(NOISE_SEED));
        c.add(Row.DITHER_THREADS, "2 cores", sequences(threaded::trainStep, batch));
      }
      c.add(Row.JAVA, "", sequences(java::trainStep, batch));
      c.add(Row.PYTORCH, "hard cell written by hand, without noise", sequences(c.torch(new TorchRecurrent(
          LstmNetworks.saturate(new HardLstmModel(MODEL_SEED)), TorchRecurrent.Cell.HARD_LSTM))::trainStep, batch));
      c.throughput();
    }
    for (int batch : new int[] {1, 16}) {
      Case c = new Case(W2, "GRU, batch " + batch, batch, SoftGruModel.TRAINING_FLOPS_PER_EXAMPLE);
      c.add(Row.DITHER, "", sequences(new SoftGruModel(MODEL_SEED)::trainStep, batch));
      if (batch > 1) {
        c.add(Row.DITHER_THREADS, "2 cores", sequences(c.threaded(new SoftGruModel(MODEL_SEED))::trainStep, batch));
      }
      c.add(Row.PYTORCH, "fused torch.gru, as nn.GRU", sequences(c.torch(new TorchRecurrent(
          new SoftGruModel(MODEL_SEED), TorchRecurrent.Cell.FUSED_GRU))::trainStep, batch));
      c.throughput();
    }
  }

  private void latency() throws Exception {
    Case c = new Case(W3, "hard-tanh, batch 1", 1, HardTanhMlpModel.INFERENCE_FLOPS_PER_EXAMPLE);
    c.add(Row.DITHER, "", inference(new HardTanhMlpModel(MODEL_SEED)::infer));
    c.add(Row.JAVA, "", inference(Networks.hardTanhBaseline(new HardTanhMlpModel(MODEL_SEED))::infer));
    c.add(Row.PYTORCH, "no gradient recorded", inference(c.torch(new TorchMlp(new HardTanhMlpModel(MODEL_SEED)))::infer));
    c.latency();
  }

  private void startup() throws Exception {
    System.out.println("W4 ...");
    String[][] implementations = {{"dither", Row.DITHER, ""}, {"java", Row.JAVA, ""},
        {"pytorch", Row.PYTORCH, "engine load included, natives already extracted"}};
    double[][] millis = StartupProbe.measure(
        java.util.Arrays.stream(implementations).map(i -> i[0]).toList(), settings.rounds());
    for (int i = 0; i < implementations.length; i++) {
      rows.add(new Row(W4, "hard-tanh network", implementations[i][1], "ms", millis[i], null, 0, implementations[i][2]));
    }
  }

  interface Trainer {
    double trainStep(float[] inputs, int[] labels);
  }

  interface Inference {
    void infer(float[] inputs, float[] outputs);
  }

  private static Measure.Step trainer(Trainer t, int batch) {
    MnistLikeData data = new MnistLikeData(DATA_SEED, batch);
    return () -> {
      int b = data.advance();
      return t.trainStep(data.inputs(b), data.labels(b));
    };
  }

  private static Measure.Step sequences(Trainer t, int batch) {
    SequenceData data = new SequenceData(DATA_SEED, batch);
    return () -> {
      int b = data.advance();
      return t.trainStep(data.inputs(b), data.labels(b));
    };
  }

  private static Measure.Step inference(Inference f) {
    MnistLikeData data = new MnistLikeData(DATA_SEED, 1);
    float[] out = new float[Networks.SIZES[3]];
    return () -> {
      f.infer(data.inputs(data.advance()), out);
      return out[0];
    };
  }
}
