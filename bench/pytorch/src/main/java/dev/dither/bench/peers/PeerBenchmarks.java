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
    header.add(String.format(Locale.ROOT, "| timing | one thread; %.1f s warm-up, then %d rounds of %.1f s; median of the rounds, "
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

  private void add(String workload, String label, String implementation, String note, int batch,
      double flops, Measure.Step step) {
    System.out.printf("%s | %s | %s ...%n", workload.substring(0, 2), label, implementation);
    double[] rounds = Measure.throughput(step, batch, settings);
    rows.add(new Row(workload, label, implementation, W1.equals(workload) ? "samples/s" : "sequences/s",
        rounds, null, flops, note));
  }

  /** A row with the rounds of an existing one, for an implementation that stands in for a missing one. */
  private void reuse(String workload, String fromLabel, String label, String note) {
    Row from = rows.stream().filter(r -> r.workload().equals(workload) && r.label().equals(fromLabel)
        && r.implementation().equals(Row.PYTORCH)).findFirst().orElseThrow();
    rows.add(new Row(workload, label, Row.PYTORCH, from.unit(), from.rounds(), null, from.flops(), note));
  }

  private void mlp() {
    for (int batch : new int[] {1, 32}) {
      String label = "hard-tanh, batch " + batch;
      double flops = HardTanhMlpModel.TRAINING_FLOPS_PER_EXAMPLE;
      HardTanhMlpModel dither = new HardTanhMlpModel(MODEL_SEED);
      add(W1, label, Row.DITHER, "", batch, flops, trainer(dither::trainStep, batch));
      HandWrittenMlp java = Networks.hardTanhBaseline(new HardTanhMlpModel(MODEL_SEED));
      add(W1, label, Row.JAVA, "", batch, flops, trainer(java::trainStep, batch));
      try (TorchMlp torch = new TorchMlp(new HardTanhMlpModel(MODEL_SEED))) {
        add(W1, label, Row.PYTORCH, "", batch, flops, trainer(torch::trainStep, batch));
      }
    }
    for (int batch : new int[] {1, 32}) {
      String label = "NAH, batch " + batch;
      double flops = NahMlpModel.TRAINING_FLOPS_PER_EXAMPLE;
      NahMlpModel dither = new NahMlpModel(MODEL_SEED);
      HandWrittenMlp java = Networks.nahBaseline(new NahMlpModel(MODEL_SEED), NOISE_SEED);
      dither.noiseSource(new dev.dither.runtime.CounterNoise(NOISE_SEED));
      add(W1, label, Row.DITHER, "", batch, flops, trainer(dither::trainStep, batch));
      add(W1, label, Row.JAVA, "", batch, flops, trainer(java::trainStep, batch));
      reuse(W1, "hard-tanh, batch " + batch, label, "hard-tanh without noise: no NAH in PyTorch");
    }
  }

  private void recurrent() {
    for (int batch : new int[] {1, 16}) {
      String label = "sigmoid/tanh LSTM, batch " + batch;
      double flops = SoftLstmModel.TRAINING_FLOPS_PER_EXAMPLE;
      add(W2, label, Row.DITHER, "", batch, flops,
          sequences(LstmNetworks.saturate(new SoftLstmModel(MODEL_SEED))::trainStep, batch));
      HandWrittenLstm java = LstmNetworks.softBaseline(LstmNetworks.saturate(new SoftLstmModel(MODEL_SEED)));
      add(W2, label, Row.JAVA, "", batch, flops, sequences(java::trainStep, batch));
      try (TorchRecurrent torch = new TorchRecurrent(LstmNetworks.saturate(new SoftLstmModel(MODEL_SEED)),
          TorchRecurrent.Cell.FUSED_LSTM)) {
        add(W2, label, Row.PYTORCH, "fused torch.lstm, as nn.LSTM", batch, flops, sequences(torch::trainStep, batch));
      }
    }
    for (int batch : new int[] {1, 16}) {
      String label = "hard LSTM, batch " + batch;
      double flops = HardLstmModel.TRAINING_FLOPS_PER_EXAMPLE;
      add(W2, label, Row.DITHER, "", batch, flops,
          sequences(LstmNetworks.saturate(new HardLstmModel(MODEL_SEED))::trainStep, batch));
      try (TorchRecurrent torch = new TorchRecurrent(LstmNetworks.saturate(new HardLstmModel(MODEL_SEED)),
          TorchRecurrent.Cell.HARD_LSTM)) {
        add(W2, label, Row.PYTORCH, "hard cell written by hand", batch, flops, sequences(torch::trainStep, batch));
      }
    }
    for (int batch : new int[] {1, 16}) {
      String label = "NAH LSTM, batch " + batch;
      double flops = NahLstmModel.TRAINING_FLOPS_PER_EXAMPLE;
      NahLstmModel dither = LstmNetworks.saturate(new NahLstmModel(MODEL_SEED));
      HandWrittenLstm java = LstmNetworks.nahBaseline(LstmNetworks.saturate(new NahLstmModel(MODEL_SEED)), NOISE_SEED);
      dither.noiseSource(new dev.dither.runtime.CounterNoise(NOISE_SEED));
      add(W2, label, Row.DITHER, "", batch, flops, sequences(dither::trainStep, batch));
      add(W2, label, Row.JAVA, "", batch, flops, sequences(java::trainStep, batch));
      reuse(W2, "hard LSTM, batch " + batch, label, "hard cell written by hand, without noise");
    }
    for (int batch : new int[] {1, 16}) {
      String label = "GRU, batch " + batch;
      double flops = SoftGruModel.TRAINING_FLOPS_PER_EXAMPLE;
      add(W2, label, Row.DITHER, "", batch, flops, sequences(new SoftGruModel(MODEL_SEED)::trainStep, batch));
      try (TorchRecurrent torch = new TorchRecurrent(new SoftGruModel(MODEL_SEED), TorchRecurrent.Cell.FUSED_GRU)) {
        add(W2, label, Row.PYTORCH, "fused torch.gru, as nn.GRU", batch, flops, sequences(torch::trainStep, batch));
      }
    }
  }

  private void latency() {
    String label = "hard-tanh, batch 1";
    double flops = HardTanhMlpModel.INFERENCE_FLOPS_PER_EXAMPLE;
    HardTanhMlpModel dither = new HardTanhMlpModel(MODEL_SEED);
    HandWrittenMlp java = Networks.hardTanhBaseline(new HardTanhMlpModel(MODEL_SEED));
    try (TorchMlp torch = new TorchMlp(new HardTanhMlpModel(MODEL_SEED))) {
      latencyRow(label, Row.DITHER, "", flops, inference(dither::infer));
      latencyRow(label, Row.JAVA, "", flops, inference(java::infer));
      latencyRow(label, Row.PYTORCH, "no gradient recorded", flops, inference(torch::infer));
    }
  }

  private void latencyRow(String label, String implementation, String note, double flops, Measure.Step step) {
    System.out.printf("W3 | %s | %s ...%n", label, implementation);
    double[][] perRound = Measure.latency(step, settings);
    double[] p50 = new double[perRound.length];
    double[] p99 = new double[perRound.length];
    for (int r = 0; r < perRound.length; r++) {
      p50[r] = perRound[r][0];
      p99[r] = perRound[r][1];
    }
    rows.add(new Row(W3, label, implementation, "µs", p50, p99, flops, note));
  }

  private void startup() throws Exception {
    String label = "hard-tanh network";
    for (String[] impl : new String[][] {{"dither", Row.DITHER}, {"java", Row.JAVA}, {"pytorch", Row.PYTORCH}}) {
      System.out.printf("W4 | %s ...%n", impl[1]);
      rows.add(new Row(W4, label, impl[1], "ms", StartupProbe.measure(impl[0], settings.rounds()), null, 0,
          impl[0].equals("pytorch") ? "engine load included, natives already extracted" : ""));
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
