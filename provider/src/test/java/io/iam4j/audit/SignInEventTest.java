package io.iam4j.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Sign-in events on the trail: one record kind ({@code signin}), caller-chosen names bounded. */
class SignInEventTest {
  static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void event_signInRecord_hasItsFields() {
    String line = AuditRecords.event(7, AuditRecords.GENESIS, new AuditEvent.SignInEvent(T, "req-1", "basic", "THROTTLED", "acme",
        "ivan@acme", "too many failed sign-ins", "127.0.0.1", 5));
    JsonNode.ObjectNode o = (JsonNode.ObjectNode) JsonReader.read(line);
    assertEquals("signin", ((JsonNode.StringNode) o.get("type")).value());
    assertEquals("THROTTLED", ((JsonNode.StringNode) o.get("outcome")).value());
    assertEquals("ivan@acme", ((JsonNode.StringNode) o.get("principal")).value());
    assertEquals("5", ((JsonNode.NumberNode) o.get("retryAfterSeconds")).text());
  }

  @Test
  void signInEvent_longCallerNames_cut() {
    String name = "x".repeat(10_000) + "@acme";
    AuditEvent.SignInEvent e = new AuditEvent.SignInEvent(T, "r", "form", "FAILURE", "t".repeat(5000), name, "wrong", null, 0);
    assertTrue(e.principal().length() <= AuditEvent.SignInEvent.MAX_NAME_LENGTH + 3, "a caller cannot grow the trail at will");
    assertTrue(e.tenant().length() <= AuditEvent.SignInEvent.MAX_NAME_LENGTH + 3);
  }
}
