package dev.dither.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict subset of JSON (RFC 8259) that a safetensors header needs: objects, arrays,
 * strings, integers, {@code true}/{@code false}/{@code null}. Fractions and exponents are
 * rejected (no header field needs them), as are duplicate keys (two readers could otherwise
 * disagree on which one counts), control characters in strings, nesting deeper than
 * {@link #MAX_DEPTH} and trailing content. Objects keep their order.
 */
final class Json {
  static final int MAX_DEPTH = 16;

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** The value of {@code text}: a {@code Map<String, Object>}, {@code List<Object>}, String, Long, Boolean or null. */
  static Object parse(String text) throws WeightFileException {
    Json json = new Json(text);
    json.skipSpace();
    Object value = json.value(0);
    json.skipSpace();
    if (json.at != text.length()) {
      throw json.error("content after the end of the header object");
    }
    return value;
  }

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private Object value(int depth) throws WeightFileException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (at >= text.length()) {
      throw error("a value expected, the header ends");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return integer();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) throws WeightFileException {
    Map<String, Object> map = new LinkedHashMap<>();
    at++;
    skipSpace();
    if (peek() == '}') {
      at++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("a string key expected");
      }
      int keyAt = at;
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      Object value = value(depth + 1);
      if (map.containsKey(key)) {
        at = keyAt;
        throw error("duplicate key " + quote(key));
      }
      map.put(key, value);
      skipSpace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        at--;
        throw error("',' or '}' expected");
      }
    }
  }

  private List<Object> array(int depth) throws WeightFileException {
    List<Object> list = new ArrayList<>();
    at++;
    skipSpace();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value(depth + 1));
      skipSpace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        at--;
        throw error("',' or ']' expected");
      }
    }
  }

  private String string() throws WeightFileException {
    at++;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        at--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at++), 16);
            if (digit < 0) {
              at--;
              throw error("bad hex digit in a \\u escape");
            }
            code = code * 16 + digit;
          }
          b.append((char) code);
        }
        default -> {
          at--;
          throw error("unknown escape \\" + e);
        }
      }
    }
  }

  private Long integer() throws WeightFileException {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    int digits = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    if (at == digits) {
      throw error("a digit expected");
    }
    if (text.charAt(digits) == '0' && at - digits > 1) {
      throw error("leading zero in a number");
    }
    if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      throw error("only integers are expected in a safetensors header");
    }
    try {
      return Long.parseLong(text.substring(start, at));
    } catch (NumberFormatException e) {
      at = start;
      throw error("integer out of range");
    }
  }

  private Object literal(String word, Object value) throws WeightFileException {
    if (!text.startsWith(word, at)) {
      throw error("unexpected token");
    }
    at += word.length();
    return value;
  }

  private void skipSpace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private char peek() throws WeightFileException {
    if (at >= text.length()) {
      throw error("the header ends too early");
    }
    return text.charAt(at);
  }

  private char next() throws WeightFileException {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) throws WeightFileException {
    if (next() != c) {
      at--;
      throw error("'" + c + "' expected");
    }
  }

  private WeightFileException error(String what) {
    int from = Math.max(0, at - 20);
    int to = Math.min(text.length(), at + 20);
    return new WeightFileException("header is not valid JSON: " + what + " at character " + at
        + " (near " + quote(text.substring(from, to)) + ")");
  }
}
