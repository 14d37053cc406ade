package io.iam4j.audit;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Reading the trail's files: which files, and their lines. Stateless. */
public final class AuditFiles {
  private AuditFiles() {}

  /**
   * The trail files named by {@code args}: a directory stands for its trail files, oldest first;
   * files are taken as given. Trail files (by their names) are put in trail order.
   */
  public static List<Path> expand(List<Path> args) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path a : args) {
      if (Files.isDirectory(a)) {
        out.addAll(ChainWriter.files(a));
      } else {
        out.add(a);
      }
    }
    if (out.stream().allMatch(p -> AuditRecords.parseName(p.getFileName().toString()) != null)) {
      out.sort(ChainWriter::byNumber);
    }
    return out.stream().distinct().toList();
  }

  /**
   * One line of a trail file.
   *
   * @param number 1-based line number
   * @param text the line without its newline
   * @param hash SHA-256 (hex) of the line's bytes
   * @param complete false for a last line without its newline (a write cut short)
   * @param json the record, or null when the line is not a JSON object
   * @param end the byte offset just after the line (and its newline)
   */
  record Line(Path file, int number, String text, String hash, boolean complete, JsonNode.ObjectNode json, long end) {
    String string(String name) {
      return json != null && json.get(name) instanceof JsonNode.StringNode s ? s.value() : null;
    }

    long number(String name) {
      if (json != null && json.get(name) instanceof JsonNode.NumberNode n) {
        try {
          return Long.parseLong(n.text());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
      return -1;
    }

    boolean bool(String name) {
      return json != null && json.get(name) instanceof JsonNode.BooleanNode b && b.value();
    }

    boolean has(String name) {
      return json != null && json.get(name) != null;
    }

    /** Whether the line has the fields every record starts with. */
    boolean record() {
      String prev = string("prev");
      return json != null && number("seq") >= 0 && prev != null && prev.matches("[0-9a-f]{64}") && string("type") != null;
    }
  }

  static List<Line> lines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<Line> out = new ArrayList<>();
    int start = 0;
    int n = 0;
    for (int i = 0; i <= bytes.length; i++) {
      boolean end = i == bytes.length;
      if (!end && bytes[i] != '\n') {
        continue;
      }
      if (end && start == bytes.length) {
        break;
      }
      byte[] line = Arrays.copyOfRange(bytes, start, i);
      String text = new String(line, StandardCharsets.UTF_8);
      out.add(new Line(file, ++n, text, AuditRecords.hash(line), !end, parse(text), end ? i : i + 1));
      start = i + 1;
    }
    return out;
  }

  static JsonNode.ObjectNode parse(String text) {
    try {
      return JsonReader.read(text) instanceof JsonNode.ObjectNode o ? o : null;
    } catch (JsonReadException e) {
      return null;
    }
  }

  static Stream<Line> records(List<Path> files) throws IOException {
    List<Line> all = new ArrayList<>();
    for (Path f : files) {
      all.addAll(lines(f));
    }
    return all.stream();
  }
}
