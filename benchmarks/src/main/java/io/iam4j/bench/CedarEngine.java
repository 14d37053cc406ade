package io.iam4j.bench;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.iam4j.bench.Scenario.PolicyDoc;
import io.iam4j.bench.Scenario.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * cedar-java 4.10 (Rust through JNI) with the scenario translated into Cedar policies, the policy
 * set parsed once and cached on the Rust side ({@link PolicySet#cache()}), so that a call costs the
 * request's and the entities' JSON, the JNI crossing and the evaluation. Thread-safe.
 *
 * <p>How the IAM scenario is expressed, and where Cedar cannot say the same thing:
 *
 * <ul>
 *   <li>Each IAM statement is one policy: {@code Allow} a {@code permit}, {@code Deny} a {@code forbid}
 *       (Cedar's "forbid overrides permit" and default deny are IAM's explicit and implicit deny).
 *   <li>A policy attached to a group is {@code principal in Group::"NAME"}, to the user {@code
 *       principal == User::"alice"}; the user entity has the three groups as parents and its tag
 *       {@code team} as an attribute, sent with every request (Cedar has no entity store).
 *   <li>Cedar actions are entities without wildcards, so the action is also put in the context, lower
 *       case, and matched with {@code like} against the lower-cased IAM patterns ({@code
 *       context.action like "s3:list*"}): the same matches as IAM's case-insensitive action globs.
 *   <li>Resources are matched the same way ({@code context.resource like "arn:aws:s3:::bucket-3/*"}).
 *       Cedar's {@code *} crosses ARN colons where IAM's does not; no pattern of the scenario puts a
 *       wildcard before the resource part, so the decisions are the same.
 *   <li>Conditions: {@code principal.team == "finance"} for {@code aws:PrincipalTag/team}, {@code
 *       context.sourceIp.isInRange(ip("10.0.0.0/8"))} for {@code IpAddress aws:SourceIp}, {@code
 *       context.mfa == true} for {@code aws:MultiFactorAuthPresent}.
 * </ul>
 */
public final class CedarEngine implements Engine {
  private static final EntityTypeName USER = EntityTypeName.parse("User").orElseThrow();
  private static final EntityTypeName GROUP = EntityTypeName.parse("Group").orElseThrow();
  private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();
  private static final EntityTypeName RESOURCE = EntityTypeName.parse("Resource").orElseThrow();

  private final AuthorizationEngine engine = new BasicAuthorizationEngine();
  private final PolicySet policies;
  private final Entities entities;
  private final EntityUID user;

  public CedarEngine(Scenario scenario) {
    try {
      this.policies = PolicySet.parsePolicies(policyText(scenario));
      policies.cache();
    } catch (InternalException | CacheException e) {
      throw new IllegalStateException("Cedar refused the translated policies: " + e.getMessage(), e);
    }
    this.user = USER.of(scenario.user());
    Set<EntityUID> parents = new HashSet<>();
    Set<Entity> all = new HashSet<>();
    for (String g : scenario.groups()) {
      EntityUID gid = GROUP.of(g);
      parents.add(gid);
      all.add(new Entity(gid));
    }
    all.add(new Entity(user, Map.of("team", new PrimString(scenario.team())), parents));
    this.entities = new Entities(all);
  }

  /**
   * Loads cedar-java's native library, or says why it cannot be loaded here.
   *
   * @throws IllegalStateException naming the platform and the cause
   */
  public static void checkNativeLibrary() {
    try {
      AuthorizationEngine.getCedarLangVersion();
      PolicySet.parsePolicies("permit (principal, action, resource);");
    } catch (Throwable t) {
      throw new IllegalStateException("cedar-java's native library cannot be loaded on " + System.getProperty("os.name") + "/"
          + System.getProperty("os.arch") + ": " + t, t);
    }
  }

  @Override
  public String name() {
    return "cedar";
  }

  @Override
  public boolean decide(Request r) {
    Map<String, Value> context = new HashMap<>();
    context.put("action", new PrimString(r.action().toLowerCase(Locale.ROOT)));
    context.put("resource", new PrimString(r.resource()));
    context.put("sourceIp", new IpAddress(r.sourceIp()));
    context.put("mfa", new PrimBool(r.mfa()));
    AuthorizationRequest q = new AuthorizationRequest(user, ACTION.of(r.action()), RESOURCE.of(r.resource()), new Context(context));
    try {
      AuthorizationResponse response = engine.isAuthorized(q, policies, entities);
      if (response.success.isEmpty()) {
        throw new IllegalStateException("Cedar failed: " + response);
      }
      return response.success.get().isAllowed();
    } catch (AuthException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The scenario in Cedar's policy language, one policy per IAM statement. */
  public static String policyText(Scenario scenario) {
    StringBuilder b = new StringBuilder();
    for (PolicyDoc p : scenario.policies()) {
      String principal = p.toGroup() ? "principal in Group::\"" + p.attachedTo() + "\"" : "principal == User::\"" + p.attachedTo() + "\"";
      for (Stmt s : p.statements()) {
        b.append("@id(\"").append(p.name()).append('/').append(s.sid()).append("\")\n");
        b.append(s.deny() ? "forbid" : "permit").append(" (").append(principal).append(", action, resource)\nwhen { ");
        List<String> clauses = new ArrayList<>();
        clauses.add(any("context.action", s.actions().stream().map(a -> a.toLowerCase(Locale.ROOT)).toList()));
        if (!s.resources().contains("*")) {
          clauses.add(any("context.resource", s.resources()));
        }
        if (s.team() != null) {
          clauses.add("principal.team == \"" + s.team() + "\"");
        }
        if (s.cidr() != null) {
          clauses.add("context.sourceIp.isInRange(ip(\"" + s.cidr() + "\"))");
        }
        if (s.mfa()) {
          clauses.add("context.mfa == true");
        }
        b.append(String.join(" && ", clauses)).append(" };\n\n");
      }
    }
    return b.toString();
  }

  private static String any(String attribute, List<String> patterns) {
    return patterns.stream().map(p -> attribute + " like \"" + p + "\"").collect(Collectors.joining(" || ", "(", ")"));
  }
}
