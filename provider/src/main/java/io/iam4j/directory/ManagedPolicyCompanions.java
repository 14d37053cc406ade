package io.iam4j.directory;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;

/**
 * The identity and boundary grammars are the same (no {@code Principal}, a resource element is
 * required), so a managed policy validated as one is valid as the other: only the label differs.
 */
final class ManagedPolicyCompanions {
  private ManagedPolicyCompanions() {}

  static Policy asType(Policy p, PolicyType type) {
    if (p.type() == type) {
      return p;
    }
    if (!(sameGrammar(p.type()) && sameGrammar(type))) {
      throw new IllegalArgumentException("a " + p.type().words() + " policy cannot serve as a " + type.words() + " policy");
    }
    return new Policy(type, p.name(), p.version(), p.id(), p.statements());
  }

  private static boolean sameGrammar(PolicyType t) {
    return t == PolicyType.IDENTITY || t == PolicyType.BOUNDARY || t == PolicyType.SESSION;
  }
}
