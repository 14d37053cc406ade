package io.iam4j.cli;

import io.iam4j.eval.Decision;
import io.iam4j.eval.StatementRef;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.Map;

/** JSON output helpers for the commands. */
final class Json {
  private static final JsonWriterFactory PRETTY =
      jakarta.json.Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

  private Json() {}

  static String pretty(JsonObject o) {
    StringWriter w = new StringWriter();
    try (var writer = PRETTY.createWriter(w)) {
      writer.writeObject(o);
    }
    return w.toString().strip();
  }

  static JsonObjectBuilder decision(Decision d, String message) {
    JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder().add("decision", d.outcome().json());
    JsonArrayBuilder statements = jakarta.json.Json.createArrayBuilder();
    for (StatementRef r : d.deciding()) {
      JsonObjectBuilder s = jakarta.json.Json.createObjectBuilder()
          .add("type", r.type().key())
          .add("policy", r.policy())
          .add("statement", r.index())
          .add("effect", r.effect().json());
      if (r.sid() != null) {
        s.add("sid", r.sid());
      }
      statements.add(s);
    }
    b.add("decidingStatements", statements);
    if (d.missingAllow() != null) {
      b.add("noAllowIn", d.missingAllow().key());
    }
    JsonArrayBuilder missing = jakarta.json.Json.createArrayBuilder();
    d.missingContextKeys().stream().sorted(String.CASE_INSENSITIVE_ORDER).forEach(missing::add);
    b.add("missingContextKeys", missing);
    if (d.error() != null) {
      b.add("error", d.error());
    }
    return b.add("message", message);
  }
}
