package dev.dither.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * One point of a sweep: hyper-parameter names and their values (kept as the text they were
 * declared or drawn as, so that a table shows them and a resubmitted sweep recognises them).
 * Its {@link #id()} is derived from that text alone, so the same values give the same id in
 * any sweep and any order.
 */
public final class Configuration implements Serializable {
  private static final long serialVersionUID = 1L;
  private final LinkedHashMap<String, String> values;

  public Configuration(Map<String, String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a configuration needs at least one hyper-parameter");
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      requireText("name", e.getKey());
      requireText("value of " + e.getKey(), e.getValue());
    }
    this.values = new LinkedHashMap<>(values);
  }

  private static void requireText(String what, String text) {
    if (text == null || text.isEmpty() || text.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '=' || c == ',' || c == '|')) {
      throw new IllegalArgumentException("hyper-parameter " + what + " must be non-empty text without line breaks, '=', ',' or '|', got "
          + (text == null ? "null" : "'" + text + "'"));
    }
  }

  /** The names, in declaration order. */
  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  public Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** The value of {@code name} as declared. */
  public String get(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new NoSuchElementException("no hyper-parameter '" + name + "' in " + this);
    }
    return value;
  }

  public double number(String name) {
    try {
      return Double.parseDouble(get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("hyper-parameter '" + name + "' is '" + get(name) + "', not a number", e);
    }
  }

  public long integer(String name) {
    try {
      return Long.parseLong(get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("hyper-parameter '" + name + "' is '" + get(name) + "', not an integer", e);
    }
  }

  /**
   * A name for files and tables: {@code cfg-} and 16 hex digits of a 64-bit FNV-1a hash of
   * {@link #toString()}.
   */
  public String id() {
    long hash = 0xcbf29ce484222325L;
    for (byte b : toString().getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return String.format("cfg-%016x", hash);
  }

  /** {@code name=value,name=value} in declaration order. */
  @Override
  public String toString() {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** The inverse of {@link #toString()}. */
  public static Configuration parse(String text) {
    LinkedHashMap<String, String> values = new LinkedHashMap<>();
    for (String pair : text.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq < 0 || values.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("a configuration is name=value pairs with distinct names, got '" + text + "'");
      }
    }
    return new Configuration(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Configuration c && values.equals(c.values) && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
