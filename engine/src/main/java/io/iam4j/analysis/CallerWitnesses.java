package io.iam4j.analysis;

import io.iam4j.eval.Caller;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.ArnSplitter;
import io.iam4j.policy.PrincipalClause;
import io.iam4j.policy.PrincipalClause.PrincipalEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Callers for a resource policy comparison: one per cell of what {@code Principal} and {@code
 * NotPrincipal} elements test. Those elements compare the caller's account, user, role, session and
 * issuer ARNs, service and provider names with the listed values for equality (no wildcards but
 * {@code "*"}), so the cells are "named this way or not": every named identity, a fresh user and role
 * session in every named account, each named role's session, and a caller of each kind nobody names.
 */
final class CallerWitnesses {
  private CallerWitnesses() {}

  static List<Caller> of(List<Universe.Site> sites, Map<String, List<String>> singles, String partition, String owner) {
    Set<String> accounts = new LinkedHashSet<>();
    Map<String, Caller> out = new LinkedHashMap<>();
    List<String> services = new ArrayList<>();
    List<String> providers = new ArrayList<>();
    for (Universe.Site s : sites) {
      if (s.statement().principal().isEmpty()) {
        continue;
      }
      PrincipalClause p = s.statement().principal().get();
      if (!(p.set() instanceof PrincipalClause.Listed listed)) {
        continue;
      }
      for (PrincipalEntry e : listed.entries()) {
        switch (e.kind()) {
          case AWS -> {
            if (e.value().equals("*")) {
              continue;
            }
            if (!e.value().startsWith("arn:")) {
              accounts.add(e.value());
              continue;
            }
            List<String> parts = ArnSplitter.split(e.value(), false);
            if (parts.size() == 6) {
              accounts.add(parts.get(4));
              named(e.value(), out);
            }
          }
          case SERVICE -> services.add(e.value());
          case FEDERATED -> providers.add(e.value());
          case CANONICAL_USER -> { /* never an iam4j caller */ }
        }
      }
    }
    // The keys that describe a caller, as conditions test them: callers in their cells too.
    singles.getOrDefault("aws:principalaccount", List.of()).forEach(accounts::add);
    for (String arn : singles.getOrDefault("aws:principalarn", List.of())) {
      named(arn, out);
    }
    for (String name : singles.getOrDefault("aws:username", List.of())) {
      if (!name.isEmpty() && name.indexOf('/') < 0) {
        String acc = fresh(accounts, owner);
        out.putIfAbsent("user:" + name, new Caller.User("arn:" + partition + ":iam::" + acc + ":user/" + name, acc, name));
      }
    }
    String other = fresh(accounts, owner);
    accounts.add(other);
    for (String a : accounts) {
      if (a.isEmpty() || a.contains(":")) {
        continue;
      }
      out.putIfAbsent("root:" + a, new Caller.Root("arn:" + partition + ":iam::" + a + ":root", a));
      out.putIfAbsent("user:" + a, new Caller.User("arn:" + partition + ":iam::" + a + ":user/analysis-user", a, "analysis-user"));
      out.putIfAbsent("role:" + a, new Caller.RoleSession("arn:" + partition + ":sts::" + a + ":assumed-role/analysis-role/s",
          a, "analysis-role", "s", "arn:" + partition + ":iam::" + a + ":role/analysis-role"));
    }
    services.add("analysis.service.example");
    providers.add("analysis.provider.example");
    new LinkedHashSet<>(services).forEach(s -> out.putIfAbsent("service:" + s, new Caller.Service(s)));
    new LinkedHashSet<>(providers).forEach(p -> out.putIfAbsent("provider:" + p, new Caller.IdentityProvider(p)));
    out.put("anonymous", new Caller.Anonymous());
    return new ArrayList<>(out.values());
  }

  /** The caller a principal ARN names (a user, a role's session, a session, a federated user, a root). */
  private static void named(String arn, Map<String, Caller> out) {
    List<String> parts = ArnSplitter.split(arn, false);
    if (parts.size() != 6 || !parts.get(0).equals("arn")) {
      return;
    }
    String partition = parts.get(1);
    String account = parts.get(4);
    String res = parts.get(5);
    if (parts.get(2).equals("iam") && res.startsWith("role/")) {
      String name = res.substring(res.lastIndexOf('/') + 1);
      out.putIfAbsent("session:" + arn, new Caller.RoleSession("arn:" + partition + ":sts::" + account + ":assumed-role/" + name + "/s",
          account, name, "s", arn));
      return;
    }
    try {
      Caller c = Caller.parse(arn, "AWS", null);
      out.putIfAbsent("arn:" + arn, c);
      if (c instanceof Caller.User u) {
        // A federated user issued by a named user is named through its issuer.
        out.putIfAbsent("federated:" + arn, new Caller.FederatedUser("arn:" + partition + ":sts::" + account + ":federated-user/f",
            account, "f", u.arn()));
      }
    } catch (RuntimeException e) {
      // not a caller's ARN (a group, a policy): it names nobody who can call
    }
  }

  private static String fresh(Set<String> accounts, String owner) {
    String a = "analysis-other";
    while (accounts.contains(a) || a.equals(owner)) {
      a = a + "x";
    }
    return a;
  }

  /** The keys AWS fills in for a caller: {@code aws:PrincipalArn}, account, type and user name. */
  static RequestContext.Builder context(Caller c) {
    RequestContext.Builder b = RequestContext.builder();
    if (c instanceof Caller.User u) {
      b.put("aws:PrincipalArn", u.arn()).put("aws:PrincipalAccount", u.account()).put("aws:PrincipalType", "User")
          .put("aws:username", u.name());
    } else if (c instanceof Caller.RoleSession r) {
      b.put("aws:PrincipalArn", r.roleArn()).put("aws:PrincipalAccount", r.account()).put("aws:PrincipalType", "AssumedRole");
    } else if (c instanceof Caller.FederatedUser f) {
      b.put("aws:PrincipalArn", f.arn()).put("aws:PrincipalAccount", f.account()).put("aws:PrincipalType", "FederatedUser");
    } else if (c instanceof Caller.Root r) {
      b.put("aws:PrincipalArn", r.arn()).put("aws:PrincipalAccount", r.account()).put("aws:PrincipalType", "Account");
    }
    return b;
  }
}
