package io.iam4j.cli;

import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of {@code bin/iam} in-process, as a user sees it: exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new CliRun(status, out.toString(), err.toString());
  }

  JsonObject json() {
    return jakarta.json.Json.createReader(new StringReader(out)).readObject();
  }
}
