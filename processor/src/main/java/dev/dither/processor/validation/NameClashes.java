package dev.dither.processor.validation;

import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;

/** Two layers must not derive the same generated member name (e.g. {@code a} + {@code WeightGrad}). */
final class NameClashes {
  private final Reporter reporter;

  NameClashes(Reporter reporter) {
    this.reporter = reporter;
  }

  /** Reports the first clash, if any, at the later of the two methods. */
  void check(InputModel input, ExecutableElement inputMethod, List<LayerModel> layers,
      List<ExecutableElement> layerMethods) {
    Map<String, ExecutableElement> owners = new HashMap<>();
    List<ExecutableElement> all = new ArrayList<>(layerMethods);
    if (inputMethod != null) {
      all.add(0, inputMethod);
    }
    for (int i = 0; i < all.size(); i++) {
      ExecutableElement method = all.get(i);
      String name = method.getSimpleName().toString();
      int layer = inputMethod != null ? i - 1 : i;
      List<String> members = layer < 0 ? GeneratedMembers.of(input)
          : GeneratedMembers.of(layers.get(layer));
      for (String member : members) {
        ExecutableElement other = owners.putIfAbsent(member, method);
        if (other != null && other != method) {
          reporter.error(Diagnostic.NAME_CLASH, method, null, null,
              other.getSimpleName(), name, member);
          return;
        }
      }
    }
  }
}
