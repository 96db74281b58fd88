package dev.dither.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one configuration of a sweep produced: its metrics and the checkpoint of the trained model
 * (relative to the sweep directory). {@code trainedNow} says whether this submission trained it or
 * found it finished by an earlier one.
 */
public record Outcome(Configuration configuration, Map<String, Double> metrics, String checkpoint, boolean trainedNow)
    implements Serializable {
  public Outcome {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
