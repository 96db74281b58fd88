package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Runs the forward-only entry points ({@code infer}, {@code sample}, {@code classify}) over a
 * large batch in slices, so that one call on 100,000 examples does not grow the per-example
 * buffers for good: the buffers grow to at most the largest training batch or
 * {@value #SLICE} examples, whichever is larger. A slice's inputs are copied into a buffer of
 * its own, because the layer code reads its input from index 0. Evaluation treats each example
 * on its own, so sliced results equal whole-batch results bit for bit; for {@code sample} the
 * noise is addressed by the running example index, which advances slice by slice.
 *
 * <p>With {@code carryState} on, a call is never sliced: carried state belongs to the examples
 * of the batch as a whole.
 */
final class SliceWriter {
  static final int SLICE = 1024;
  private static final String CONSTANT = "EVALUATION_SLICE";

  private final TypeName inputType;
  private final String inputElement;
  private final boolean variableLength;
  private final boolean carries;

  SliceWriter(TypeName inputType, String inputElement, boolean variableLength, boolean carries) {
    this.inputType = inputType;
    this.inputElement = inputElement;
    this.variableLength = variableLength;
    this.carries = carries;
  }

  List<FieldSpec> fields() {
    FieldSpec.Builder inputs = FieldSpec.builder(inputType, "sliceInputs", Modifier.PRIVATE)
        .addJavadoc("The inputs of one slice of a large evaluation batch.\n")
        .initializer("new $L[0]", inputElement);
    List<FieldSpec> f = new java.util.ArrayList<>(List.of(
        FieldSpec.builder(int.class, CONSTANT, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Examples per pass of a forward-only call larger than the buffers (see {@code sliceOf}).\n")
            .initializer("$L", SLICE).build(),
        inputs.build()));
    if (variableLength) {
      f.add(FieldSpec.builder(int[].class, "sliceLengths", Modifier.PRIVATE).initializer("new int[0]").build());
    }
    return f;
  }

  List<MethodSpec> methods() {
    MethodSpec sliceOf = MethodSpec.methodBuilder("sliceOf")
        .addModifiers(Modifier.PRIVATE)
        .returns(int.class)
        .addJavadoc("Examples per pass for a forward-only call on {@code batch} examples: the whole batch if it fits\n"
            + "the buffers or $L, else slices that do, so memory stays bounded whatever the batch.\n", CONSTANT)
        .addParameter(int.class, "batch")
        .addStatement("final int bound = $T.max(capacity, $L)", Math.class, CONSTANT)
        .addStatement(carries ? "return batch <= bound || carryState ? batch : bound" : "return batch <= bound ? batch : bound")
        .build();
    MethodSpec.Builder slice = MethodSpec.methodBuilder("forwardSlice")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("The forward pass over examples {@code [start, start + rows)} of the inputs.\n")
        .addParameter(inputType, "inputs");
    if (variableLength) {
      slice.addParameter(int[].class, "lengths");
    }
    slice.addParameter(int.class, "start")
        .addParameter(int.class, "rows")
        .addParameter(boolean.class, "training")
        .beginControlFlow("if (start == 0 && rows * INPUT_SIZE == inputs.length)")
        .addStatement("forward(inputs, rows, training)")
        .addStatement("return")
        .endControlFlow()
        .addStatement("if (sliceInputs.length < rows * INPUT_SIZE) sliceInputs = new $L[rows * INPUT_SIZE]", inputElement)
        .addStatement("$T.arraycopy(inputs, start * INPUT_SIZE, sliceInputs, 0, rows * INPUT_SIZE)", System.class);
    if (variableLength) {
      slice.addStatement("if (sliceLengths.length < rows) sliceLengths = new int[rows]")
          .addStatement("$T.arraycopy(lengths, start, sliceLengths, 0, rows)", System.class)
          .addStatement("this.lengths = sliceLengths");
    }
    slice.addStatement("forward(sliceInputs, rows, training)");
    return List.of(sliceOf, slice.build());
  }

  /**
   * The loop over slices: {@code perSlice} runs after each slice's forward pass with
   * {@code start} and {@code rows} in scope.
   */
  CodeBlock loop(boolean training, CodeBlock perSlice) {
    return CodeBlock.builder()
        .addStatement("final int slice = sliceOf(batch)")
        .beginControlFlow("for (int start = 0; start < batch; start += slice)")
        .addStatement("final int rows = $T.min(slice, batch - start)", Math.class)
        .addStatement(variableLength ? "forwardSlice(inputs, lengths, start, rows, $L)" : "forwardSlice(inputs, start, rows, $L)",
            training)
        .add(perSlice)
        .endControlFlow()
        .build();
  }
}
