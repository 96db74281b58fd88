package dev.dither.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The lanes behind {@code threads(n)}: an inner class holding one thread's share of the blocked
 * dense kernels (their code, and the scratch rows and queues they write), the model's fields
 * that hand a pass's input to the lanes, and {@code parallel(task, rows)}, which runs a task on
 * the calling thread's lane or splits its rows over a {@code WorkerPool}.
 *
 * <p>Layer writers register tasks ({@link #task}) as they are built, so a task's number is known
 * when the model method that runs it is written. Each task writes disjoint rows and its sums
 * never cross a lane, so a model gives the same bits on any number of threads. What is split: in
 * training, the dense layers' blocked products, mirrors and activations, and the recurrent layers'
 * forward pass, BPTT and weight gradients; what is not: the noise draw, the loss, the bias
 * gradients, the optimizer, batches under 4 and evaluation.
 */
final class LaneWriter {
  static final ClassName POOL = ClassName.get(WriterContext.RUNTIME, "WorkerPool");
  /** More threads than this is a mistake, not a machine. */
  static final int MAX_THREADS = 256;

  private final Scalar s;
  private final List<String[]> tasks = new ArrayList<>();
  private boolean flatInput;
  private boolean rowsInput;

  LaneWriter(Scalar scalar) {
    this.s = scalar;
  }

  /**
   * Registers a task and returns its number.
   *
   * @param what a comment for the task's case
   * @param call the lane's statement for rows {@code [from, to)}
   */
  int task(String what, String call) {
    tasks.add(new String[] {what, call});
    return tasks.size() - 1;
  }

  /** The model field through which a pass hands its input (flat or rows) to the lanes. */
  String input(boolean rows) {
    if (rows) {
      rowsInput = true;
      return "laneRows";
    }
    flatInput = true;
    return "laneFlat";
  }

  /** Adds the fields, {@code threads(int)}, {@code parallel} and the lane class to {@code type}. */
  void write(TypeSpec.Builder type, ClassName self, List<LayerWriter> writers) {
    ClassName lane = self.nestedClass(self.simpleName().equals("Lane") ? "KernelLane" : "Lane");
    type.addField(FieldSpec.builder(lane, "lane", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The calling thread's lane; with {@code threads(n)}, the first of {@code lanes}.\n")
        .initializer("new $T()", lane).build());
    type.addField(FieldSpec.builder(com.palantir.javapoet.ArrayTypeName.of(lane), "lanes", Modifier.PRIVATE)
        .addJavadoc("One lane per thread of {@code threads(n)}; null on one thread.\n").build());
    type.addField(FieldSpec.builder(POOL, "workers", Modifier.PRIVATE)
        .addJavadoc("The other threads of {@code threads(n)}; null on one thread.\n").build());
    if (flatInput) {
      type.addField(FieldSpec.builder(s.array(), "laneFlat", Modifier.PRIVATE)
          .addJavadoc("The input of the pass the lanes are running, while they run.\n").build());
    }
    if (rowsInput) {
      type.addField(FieldSpec.builder(s.rows(), "laneRows", Modifier.PRIVATE)
          .addJavadoc("The input of the pass the lanes are running, while they run.\n").build());
    }
    type.addField(FieldSpec.builder(int.class, "laneBatch", Modifier.PRIVATE)
        .addJavadoc("The batch of the pass the lanes are running.\n").build());
    type.addMethod(EntryPointWriter.guarded(threads(self, lane)));
    type.addMethod(MethodSpec.methodBuilder("parallel")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs lane task {@code task} over rows [0, total): here, or split over the threads.\n")
        .addParameter(int.class, "task")
        .addParameter(int.class, "total")
        .beginControlFlow("if (workers == null)")
        .addStatement("lane.run(task, 0, total)")
        .nextControlFlow("else")
        .addStatement("workers.run(lanes, task, total)")
        .endControlFlow()
        .build());
    type.addType(laneClass(lane, writers));
  }

  private MethodSpec threads(ClassName self, ClassName lane) {
    return MethodSpec.methodBuilder("threads")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(self)
        .addParameter(int.class, "threads")
        .beginControlFlow("if (threads < 1 || threads > $L)", MAX_THREADS)
        .addStatement("throw new " + s.lang("IllegalArgumentException") + "(NETWORK + $S + threads)",
            ": threads must be between 1 and " + MAX_THREADS + ", got ")
        .endControlFlow()
        .beginControlFlow("if (workers != null)")
        .addStatement("workers.close()")
        .addStatement("workers = null")
        .addStatement("lanes = null")
        .endControlFlow()
        .beginControlFlow("if (threads > 1)")
        .addStatement("final $T[] l = new $T[threads]", lane, lane)
        .addStatement("l[0] = lane")
        .addStatement("for (int k = 1; k < threads; k++) l[k] = new $T()", lane)
        .addStatement("workers = new $T(threads, NETWORK, this)", POOL)
        .addStatement("lanes = l")
        .endControlFlow()
        .addStatement("return this")
        .build();
  }

  private TypeSpec laneClass(ClassName lane, List<LayerWriter> writers) {
    TypeSpec.Builder c = TypeSpec.classBuilder(lane.simpleName())
        .addModifiers(Modifier.PRIVATE, Modifier.FINAL)
        .addSuperinterface(POOL.nestedClass("Lane"))
        .addJavadoc("One thread's share of the blocked dense kernels: their code, over a range of rows, and the\n"
            + "scratch they write. Everything else is the model's.\n");
    List<MethodSpec> methods = new ArrayList<>();
    for (LayerWriter w : writers) {
      c.addFields(w.laneFields());
      methods.addAll(w.laneMethods());
    }
    MethodSpec.Builder run = MethodSpec.methodBuilder("run")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(int.class, "task")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .beginControlFlow("switch (task)");
    for (int t = 0; t < tasks.size(); t++) {
      run.addCode("case $L: // $L\n", t, tasks.get(t)[0]);
      run.addStatement("  $L", tasks.get(t)[1]);
      run.addStatement("  break");
    }
    run.addStatement("default: throw new " + s.lang("IllegalArgumentException") + "($S + task)", "no lane task ")
        .endControlFlow();
    c.addMethod(run.build());
    c.addMethods(methods);
    return c.build();
  }
}
