package io.iam4j.policy;

import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated IAM policy document. Immutable and thread-safe; obtained from {@link
 * PolicyParser}, printed back to JSON with {@link PolicyPrinter}.
 *
 * @param type the kind of policy it was validated as
 * @param name a name for explanations (file name, policy ARN, or {@code identity[0]}); not part of the document
 */
public record Policy(
    PolicyType type, String name, PolicyVersion version, Optional<String> id, List<Statement> statements) {

  public Policy {
    statements = List.copyOf(statements);
  }

  /** The same document under another name. */
  public Policy withName(String newName) {
    return new Policy(type, newName, version, id, statements);
  }
}
