package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: stdout, stderr and exit status. */
class MainTest {
  @TempDir Path dir;

  static CliRun run(String... args) {
    return CliRun.run(args);
  }

  Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  static final String CASE = """
      {"description": "d", "policies": {"identity": [{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Sid": "NoSecret", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/secret/*"}]}]},
       "requests": [
        {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/a.txt", "expected": "Allow"},
        {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/secret/x"},
        {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/a.txt"}]}
      """;

  @Test
  void simulate_case_printsOneResultPerRequestInOrder() throws IOException {
    CliRun r = run("simulate", write("case.json", CASE).toString());
    assertEquals(0, r.status(), r.err());
    var results = r.json().getJsonArray("results");
    assertEquals(3, results.size());
    assertEquals("Allow", results.getJsonObject(0).getString("decision"));
    assertEquals("Read", results.getJsonObject(0).getJsonArray("decidingStatements").getJsonObject(0).getString("sid"));
    assertEquals("ExplicitDeny", results.getJsonObject(1).getString("decision"));
    assertEquals("ImplicitDeny", results.getJsonObject(2).getString("decision"));
    assertEquals("identity", results.getJsonObject(2).getString("noAllowIn"));
    assertTrue(results.getJsonObject(2).getString("message").contains("because no identity-based policy allows the s3:PutObject action"));
  }

  @Test
  void simulate_invalidPolicy_exit2_nothingOnStdout_pointerOnStderr() throws IOException {
    String invalid = CASE.replace("\"Sid\": \"Read\", \"Effect\": \"Allow\"", "\"Sid\": \"Read\", \"Effect\": \"allow\"");
    CliRun r = run("simulate", write("bad.json", invalid).toString());
    assertEquals(2, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().contains("/policies/identity/0/Statement/0/Effect"), r.err());
  }

  @Test
  void simulate_rawTextPolicyThatIsNotJson_exit2() throws IOException {
    CliRun r = run("simulate", write("raw.json", "{\"policies\": {\"identity\": [\"{not json\"]}, \"requests\": []}").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("/policies/identity/0"), r.err());
  }

  @Test
  void simulate_missingFile_exit1() {
    assertEquals(1, run("simulate", dir.resolve("nope.json").toString()).status());
  }

  @Test
  void validate_findings_text_exit0() throws IOException {
    Path p = write("admin.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    CliRun r = run("validate", p.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("security warning FULL_ACCESS at /Statement/0/Action"), r.out());
  }

  @Test
  void validate_errors_json_exit2() throws IOException {
    Path p = write("bad.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get:Object\"}]}");
    CliRun r = run("validate", "--format", "json", p.toString());
    assertEquals(2, r.status());
    var policy = r.json().getJsonArray("policies").getJsonObject(0);
    assertEquals(false, policy.getBoolean("valid"));
    var pointers = policy.getJsonArray("findings").stream().map(v -> v.asJsonObject().getString("pointer")).toList();
    assertTrue(pointers.contains("/Statement/0/Action"), pointers.toString());
    assertTrue(pointers.contains("/Statement/0"), "missing resource is reported too: " + pointers);
  }

  @Test
  void validate_resourceType_requiresPrincipal() throws IOException {
    Path p = write("bucket.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
    assertEquals(2, run("validate", "--type", "resource", p.toString()).status());
    assertEquals(0, run("validate", "--type", "identity", p.toString()).status());
  }

  @Test
  void help_onEveryCommand() {
    for (String[] args : new String[][] {{"--help"}, {"simulate", "--help"}, {"validate", "--help"}, {"help", "simulate"}}) {
      CliRun r = run(args);
      assertEquals(0, r.status(), String.join(" ", args));
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }

  @Test
  void unknownOption_isUsageError() {
    assertEquals(1, run("validate", "--bogus", "x.json").status());
  }
}
