package io.iam4j.analysis;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.ActionClause;
import io.iam4j.policy.Condition;
import io.iam4j.policy.Effect;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.PrincipalClause;
import io.iam4j.policy.ResourceClause;
import io.iam4j.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One element of one statement, asked about one value through the evaluator itself: a one-statement
 * policy holding just that element, compiled once per search. The search uses it to keep, per
 * dimension, the witnesses a statement accepts, and to know which statements match an action and a
 * resource ({@link Relevance}). Not thread-safe; one per search.
 */
final class Probes {
  private static final Caller PROBE_CALLER = new Caller.Anonymous();

  /**
   * Decides a one-statement policy: whether the statement's element accepts a value. The probe is a
   * resource policy naming everyone, asked by an anonymous caller, so that its own Allow is all that
   * decides: no rule for principals (a trust policy required for {@code sts:AssumeRole}, a tenant
   * root allowed everything) gets in the way.
   */
  boolean probe(Universe.Site s, ActionClause action, Optional<ResourceClause> resource, List<Condition> conditions,
      String requestAction, String requestResource, RequestContext ctx) {
    PolicySet set = probes.computeIfAbsent(new ProbeKey(s.policy().version(), action, resource, conditions), k -> {
      Statement st = new Statement(Optional.empty(), Effect.ALLOW, Optional.of(EVERYONE), action,
          Optional.of(resource.orElse(new ResourceClause.Resource(List.of("*")))), conditions);
      return PolicySet.builder().resource(new Policy(PolicyType.RESOURCE, "probe", k.version(), Optional.empty(), List.of(st))).build();
    });
    AuthorizationRequest r = AuthorizationRequest.builder().caller(PROBE_CALLER).action(requestAction).resource(requestResource)
        .context(ctx).build();
    return Evaluator.evaluate(set, r).allowed();
  }

  /** A probe policy's content: compiled once per search, asked many times. */
  private record ProbeKey(io.iam4j.policy.PolicyVersion version, ActionClause action, Optional<ResourceClause> resource,
      List<Condition> conditions) {}

  private final Map<ProbeKey, PolicySet> probes = new java.util.HashMap<>();

  private static final PrincipalClause EVERYONE = new PrincipalClause.Principal(new PrincipalClause.Everyone());

  static final ActionClause ALL_ACTIONS = new ActionClause.Action(List.of("*"));

  /** The actions the statement's Action or NotAction element accepts. */
  List<String> actions(Universe.Site s, List<String> actions, RequestContext ctx) {
    return actions.stream().filter(a -> probe(s, s.statement().action(), Optional.empty(), List.of(), a, "*", ctx)).toList();
  }

  /** The resources the statement's Resource or NotResource element accepts. */
  List<String> resources(Universe.Site s, List<String> resources, RequestContext ctx) {
    return resources.stream().filter(r -> probe(s, ALL_ACTIONS, s.statement().resource(), List.of(), "probe:Probe", r, ctx)).toList();
  }

  /** The values of one key that the statement's conditions on that key accept. */
  List<ContextValue> values(Universe.Site s, String key, List<ContextValue> values, RequestContext ctx) {
    List<Condition> own = s.statement().conditions().stream().filter(c -> c.key().equalsIgnoreCase(key)).toList();
    if (own.isEmpty()) {
      return values;
    }
    List<ContextValue> out = new ArrayList<>();
    for (ContextValue v : values) {
      RequestContext.Builder b = ctx.toBuilder();
      if (v != null) {
        b.put(key, v);
      }
      if (probe(s, ALL_ACTIONS, Optional.empty(), own, "probe:Probe", "*", b.build())) {
        out.add(v);
      }
    }
    return out;
  }

  /** Which statements (of both sides, all layers) match an action, a resource; memoized per universe. */
  final class Relevance {
    private final RequestContext fixedCtx;
    private final Map<String, boolean[]> byAction = new java.util.HashMap<>();
    private final Map<String, boolean[]> byResource = new java.util.HashMap<>();
    private final List<Set<String>> keysOf = new ArrayList<>();

    private final List<Universe.Site> sites;

    Relevance(List<Universe.Site> sites, RequestContext fixedCtx) {
      this.sites = sites;
      this.fixedCtx = fixedCtx;
      for (Universe.Site site : sites) {
        Set<String> k = new java.util.HashSet<>();
        site.statement().conditions().forEach(c -> k.add(c.key().toLowerCase(Locale.ROOT)));
        keysOf.add(k);
      }
    }

    Set<String> keys(String action, String resource) {
      boolean[] a = byAction.computeIfAbsent(action, x -> {
        boolean[] m = new boolean[sites.size()];
        for (int i = 0; i < m.length; i++) {
          Universe.Site site = sites.get(i);
          m[i] = probe(site, site.statement().action(), Optional.empty(), List.of(), x, "*", fixedCtx);
        }
        return m;
      });
      boolean[] r = byResource.computeIfAbsent(resource, x -> {
        boolean[] m = new boolean[sites.size()];
        for (int i = 0; i < m.length; i++) {
          Universe.Site site = sites.get(i);
          m[i] = site.statement().resource().isEmpty()
              || probe(site, ALL_ACTIONS, site.statement().resource(), List.of(), "probe:Probe", x, fixedCtx);
        }
        return m;
      });
      Set<String> out = new java.util.HashSet<>();
      for (int i = 0; i < a.length; i++) {
        if (a[i] && r[i]) {
          out.addAll(keysOf.get(i));
        }
      }
      return out;
    }
  }
}
