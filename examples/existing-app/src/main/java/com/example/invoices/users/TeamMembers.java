package com.example.invoices.users;

import java.util.List;
import java.util.Set;

/**
 * The people who use the service, as the team has always kept them: a name, a password and groups.
 * A group {@code org:NAME} says which organization (customer account) the person works for; the
 * others say what they do there. Demo data: never ship passwords in code.
 */
public final class TeamMembers {
  public record Member(String name, String password, Set<String> groups) {}

  public static final List<Member> ALL = List.of(
      new Member("alice", "alice-Secret1", Set.of("accounting", "org:acme")),
      new Member("bob", "bob-Secret1", Set.of("sales", "org:acme")),
      new Member("gina", "gina-Secret1", Set.of("accounting", "org:globex")),
      // Signs in, but the IAM configuration has no user for her: iam4j refuses her calls.
      new Member("mallory", "mallory-Secret1", Set.of("sales", "org:acme")));

  private TeamMembers() {}
}
