package io.iam4j.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff results.json}) into the Markdown tables of
 * {@code benchmarks/README.md}: per benchmark the median and mean ± error (99.9 %) with the
 * allocation per operation from {@code -prof gc}, the decision table with the ratios of each peer to
 * iam4j from the same run, and the compile cost per statement.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.iam4j.bench.ReportTable results.json
 * </pre>
 */
public final class ReportTable {
  private ReportTable() {}

  /** One row of results. */
  private record Row(String benchmark, Map<String, String> params, double median, double mean, double error, String unit, double bytes) {
    String param(String k) {
      return params.getOrDefault(k, "");
    }
  }

  public static void main(String[] args) throws IOException {
    JsonArray runs;
    try (JsonReader r = Json.createReader(Files.newBufferedReader(Path.of(args[0])))) {
      runs = r.readArray();
    }
    List<Row> rows = new ArrayList<>();
    for (JsonValue v : runs) {
      JsonObject run = v.asJsonObject();
      String name = run.getString("benchmark").replace("io.iam4j.bench.", "");
      Map<String, String> params = new LinkedHashMap<>();
      if (run.containsKey("params")) {
        run.getJsonObject("params").forEach((k, p) -> params.put(k, ((jakarta.json.JsonString) p).getString()));
      }
      JsonObject primary = run.getJsonObject("primaryMetric");
      JsonObject secondary = run.containsKey("secondaryMetrics") ? run.getJsonObject("secondaryMetrics") : Json.createObjectBuilder().build();
      double bytes = secondary.containsKey("gc.alloc.rate.norm") ? num(secondary.getJsonObject("gc.alloc.rate.norm"), "score") : Double.NaN;
      rows.add(new Row(name, params, median(primary), num(primary, "score"), num(primary, "scoreError"), primary.getString("scoreUnit"), bytes));
      // Group benchmarks report each method as a secondary metric.
      for (Map.Entry<String, JsonValue> e : secondary.entrySet()) {
        if (!e.getKey().startsWith("gc.") && !e.getKey().startsWith("·")) {
          JsonObject m = e.getValue().asJsonObject();
          rows.add(new Row(name + ":" + e.getKey(), params, median(m), num(m, "score"), num(m, "scoreError"), m.getString("scoreUnit"), Double.NaN));
        }
      }
    }

    System.out.println("### Decisions (ns/op; B/op from -prof gc)\n");
    System.out.println("| engine | statements | request | median | mean ± error | B/op |");
    System.out.println("| --- | ---: | --- | ---: | ---: | ---: |");
    for (Row r : rows) {
      if (r.benchmark().equals("DecisionBenchmark.decide")) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s ± %s | %s |%n", r.param("engine"), r.param("statements"), r.param("request"),
            fmt(r.median()), fmt(r.mean()), fmt(r.error()), fmt(r.bytes()));
      }
    }
    System.out.println("\n### Ratios from the same run (peer median / iam4j median; higher is better for iam4j)\n");
    System.out.println("| statements | request | iam4j | jcasbin / iam4j | cedar / iam4j | iam4j-cached | jcasbin / iam4j-cached | cedar / iam4j-cached |");
    System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String size : new String[] {"50", "500"}) {
      for (String req : new String[] {"allow", "explicitDeny", "implicitDeny"}) {
        double iam = decision(rows, "iam4j", size, req);
        double cached = decision(rows, "iam4j-cached", size, req);
        double casbin = decision(rows, "jcasbin", size, req);
        double cedar = decision(rows, "cedar", size, req);
        if (Double.isNaN(iam)) {
          continue;
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %s ns | %sx | %sx | %s ns | %sx | %sx |%n", size, req, fmt(iam), fmt(casbin / iam),
            fmt(cedar / iam), fmt(cached), fmt(casbin / cached), fmt(cedar / cached));
      }
    }
    System.out.println("\n### Growth from 50 to 500 statements (median at 500 / median at 50)\n");
    System.out.println("| engine | allow | explicitDeny | implicitDeny |");
    System.out.println("| --- | ---: | ---: | ---: |");
    for (String e : Engines.NAMES) {
      System.out.printf(Locale.ROOT, "| %s | %sx | %sx | %sx |%n", e, fmt(decision(rows, e, "500", "allow") / decision(rows, e, "50", "allow")),
          fmt(decision(rows, e, "500", "explicitDeny") / decision(rows, e, "50", "explicitDeny")),
          fmt(decision(rows, e, "500", "implicitDeny") / decision(rows, e, "50", "implicitDeny")));
    }

    System.out.println("\n### Other benchmarks\n");
    System.out.println("| benchmark | params | median | mean ± error | unit | B/op | per statement |");
    System.out.println("| --- | --- | ---: | ---: | --- | ---: | ---: |");
    for (Row r : rows) {
      if (r.benchmark().equals("DecisionBenchmark.decide")) {
        continue;
      }
      String perStatement = "";
      if (r.benchmark().startsWith("CompileBenchmark") && !r.param("statements").isEmpty()) {
        perStatement = fmt(r.median() / Integer.parseInt(r.param("statements"))) + " " + r.unit().replace("/op", "");
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s ± %s | %s | %s | %s |%n", r.benchmark(), params(r.params()), fmt(r.median()), fmt(r.mean()),
          fmt(r.error()), r.unit(), fmt(r.bytes()), perStatement);
    }
  }

  private static double decision(List<Row> rows, String engine, String size, String request) {
    return rows.stream().filter(r -> r.benchmark().equals("DecisionBenchmark.decide") && r.param("engine").equals(engine)
        && r.param("statements").equals(size) && r.param("request").equals(request)).mapToDouble(Row::median).findFirst().orElse(Double.NaN);
  }

  private static String params(Map<String, String> p) {
    StringBuilder b = new StringBuilder();
    p.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }

  private static double median(JsonObject metric) {
    if (metric.containsKey("scorePercentiles")) {
      JsonValue m = metric.getJsonObject("scorePercentiles").get("50.0");
      if (m instanceof JsonNumber n) {
        return n.doubleValue();
      }
    }
    return num(metric, "score");
  }

  private static double num(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v instanceof JsonNumber n ? n.doubleValue() : Double.NaN;
  }

  private static String fmt(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "–";
    }
    if (Math.abs(d) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", d);
    }
    if (Math.abs(d) >= 10) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return String.format(Locale.ROOT, "%.2f", d);
  }
}
