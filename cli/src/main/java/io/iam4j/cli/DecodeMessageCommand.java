package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.crypto.ServerKey;
import io.iam4j.authz.AuthorizationMessages;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iam decode-message}: the full decision behind a 403's EncodedAuthorizationMessage. */
@Command(name = "decode-message", mixinStandardHelpOptions = true,
    description = {
      "Decode the EncodedAuthorizationMessage of a deny: the request, its context, the deciding statements and",
      "the missing context keys, as JSON. Needs the server key (only administrators should have it) and the",
      "tenant of the denied caller: a message decodes only for the tenant it was issued to.",
      "Exit status: 0 when decoded, 1 when the message was not made with these keys, was changed, or belongs",
      "to another tenant."
    })
final class DecodeMessageCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MESSAGE", description = "the encoded message")
  String message;

  @Option(names = "--tenant", required = true, description = "the tenant of the denied caller")
  String tenant;

  @Option(names = "--key-file", defaultValue = "config/server.key", description = "the server key (default: ${DEFAULT-VALUE})")
  Path keyFile;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!keyFile.toFile().isFile()) {
      spec.commandLine().getErr().println("No key file " + keyFile);
      return Main.EXIT_USAGE;
    }
    try {
      var json = AuthorizationMessages.decode(ServerKey.fromFile(keyFile), tenant, message);
      spec.commandLine().getOut().println(Json.pretty(json));
      return 0;
    } catch (IamException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return Main.EXIT_USAGE;
    }
  }
}
