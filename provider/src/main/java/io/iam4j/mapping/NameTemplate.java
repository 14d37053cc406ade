package io.iam4j.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A name made from a caller: literal text with {@code ${caller}} (the container's caller name),
 * {@code ${caller:local}} (the caller name before its last {@code @}) and {@code ${claim:NAME}} (a
 * single-valued claim of the caller's token). A {@code $} not starting a variable is literal.
 * Immutable.
 */
public final class NameTemplate {
  private final String source;
  /** Literal strings and {@link Var}s. */
  private final List<Object> parts;

  private record Var(String kind, String claim) {}

  private NameTemplate(String source, List<Object> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException saying which variable is unknown or unclosed
   */
  public static NameTemplate parse(String source) {
    List<Object> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("${", i)) {
        int end = source.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("Unclosed variable at character " + (i + 1) + " of \"" + source + "\"");
        }
        String name = source.substring(i + 2, end);
        Var v;
        if (name.equals("caller")) {
          v = new Var("caller", null);
        } else if (name.equals("caller:local")) {
          v = new Var("local", null);
        } else if (name.startsWith("claim:") && name.length() > "claim:".length() && name.length() <= 128 + 6) {
          v = new Var("claim", name.substring("claim:".length()));
        } else {
          throw new IllegalArgumentException("Unknown variable ${" + name + "}: the variables are ${caller}, ${caller:local} "
              + "and ${claim:NAME}");
        }
        if (lit.length() > 0) {
          parts.add(lit.toString());
          lit.setLength(0);
        }
        parts.add(v);
        i = end + 1;
      } else {
        lit.append(source.charAt(i++));
      }
    }
    if (lit.length() > 0) {
      parts.add(lit.toString());
    }
    return new NameTemplate(source, parts);
  }

  /** Whether the template has no variable: it is the one name it names. */
  public boolean constant() {
    return parts.stream().noneMatch(p -> p instanceof Var);
  }

  /** The claims the template reads. */
  public List<String> claims() {
    return parts.stream().filter(p -> p instanceof Var v && v.kind().equals("claim")).map(p -> ((Var) p).claim()).toList();
  }

  /**
   * The name for a caller, or empty when a variable has no value (no caller name, a claim absent or
   * with several values).
   */
  public Optional<String> render(CallerInfo caller) {
    StringBuilder out = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.append(s);
        continue;
      }
      Var v = (Var) p;
      Optional<String> value = switch (v.kind()) {
        case "caller" -> Optional.ofNullable(caller.name());
        case "local" -> Optional.ofNullable(caller.name()).map(n -> n.lastIndexOf('@') > 0 ? n.substring(0, n.lastIndexOf('@')) : n);
        default -> caller.claim(v.claim());
      };
      if (value.isEmpty()) {
        return Optional.empty();
      }
      out.append(value.get());
    }
    return Optional.of(out.toString());
  }

  @Override
  public String toString() {
    return source;
  }
}
