package io.iam4j.bench;

import com.googlecode.aviator.runtime.function.FunctionUtils;
import com.googlecode.aviator.runtime.type.AviatorBoolean;
import com.googlecode.aviator.runtime.type.AviatorObject;
import io.iam4j.bench.Scenario.PolicyDoc;
import io.iam4j.bench.Scenario.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.util.function.CustomFunction;

/**
 * jCasbin 1.99 with an RBAC-with-domains model: the tenant is the domain, the user's groups are its
 * roles ({@code g = user, group, tenant}) and each IAM statement is one policy row {@code (subject,
 * tenant, actions, resources, condition, effect)}. The matcher calls three custom functions whose
 * patterns are compiled once and kept (a {@link Pattern} per action or resource glob, a parsed
 * condition per condition string), the fastest way jCasbin can match these rules; its built-in
 * {@code keyMatch}/{@code regexMatch} compile their pattern on every call. Thread-safe for
 * decisions (the enforcer is only read).
 *
 * <p>How the IAM scenario is expressed, and where Casbin cannot say the same thing:
 *
 * <ul>
 *   <li>The policy effect {@code some(where (p.eft == allow)) && !some(where (p.eft == deny))} is
 *       IAM's "an explicit deny wins, otherwise some allow is needed".
 *   <li>A statement's several actions or resources are one row each, joined with {@code |}, and
 *       matched by {@code iamAction} (case-insensitive, as IAM) and {@code iamResource}
 *       (case-sensitive); {@code *} becomes {@code .*}. That crosses ARN colons where IAM's does not;
 *       no pattern of the scenario puts a wildcard before the resource part.
 *   <li>Conditions are a string per row ({@code team=finance;ip=10.0.0.0/8;mfa}) read by {@code
 *       iamCond} against the request's team tag, source IP and MFA flag: Casbin has no condition
 *       language of its own beyond the matcher expression.
 * </ul>
 */
public final class CasbinEngine implements Engine {
  static final String MODEL = """
      [request_definition]
      r = sub, dom, act, obj, team, ip, mfa

      [policy_definition]
      p = sub, dom, act, obj, cond, eft

      [role_definition]
      g = _, _, _

      [policy_effect]
      e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

      [matchers]
      m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && iamAction(r.act, p.act) && iamResource(r.obj, p.obj) \
      && iamCond(p.cond, r.team, r.ip, r.mfa)
      """;

  private final Enforcer enforcer;

  public CasbinEngine(Scenario scenario) {
    this.enforcer = load(scenario);
  }

  /** A new enforcer holding the scenario: the model, the grouping rows and one policy row per statement. */
  public static Enforcer load(Scenario scenario) {
    Enforcer e = new Enforcer(Model.newModelFromString(MODEL));
    e.enableLog(false);
    e.addFunction("iamAction", new GlobFunction("iamAction", true));
    e.addFunction("iamResource", new GlobFunction("iamResource", false));
    e.addFunction("iamCond", new ConditionFunction());
    List<List<String>> rows = new ArrayList<>();
    for (PolicyDoc p : scenario.policies()) {
      for (Stmt s : p.statements()) {
        rows.add(List.of(p.attachedTo(), scenario.account(), String.join("|", s.actions()), String.join("|", s.resources()),
            condition(s), s.deny() ? "deny" : "allow"));
      }
    }
    e.addPolicies(rows);
    List<List<String>> groups = new ArrayList<>();
    for (String g : scenario.groups()) {
      groups.add(List.of(scenario.user(), g, scenario.account()));
    }
    e.addGroupingPolicies(groups);
    return e;
  }

  @Override
  public String name() {
    return "jcasbin";
  }

  @Override
  public boolean decide(Request r) {
    return enforcer.enforce(r.user(), r.account(), r.action(), r.resource(), r.team(), r.sourceIp(), r.mfa() ? "true" : "false");
  }

  private static String condition(Stmt s) {
    List<String> parts = new ArrayList<>();
    if (s.team() != null) {
      parts.add("team=" + s.team());
    }
    if (s.cidr() != null) {
      parts.add("ip=" + s.cidr());
    }
    if (s.mfa()) {
      parts.add("mfa");
    }
    return String.join(";", parts);
  }

  /** {@code name(requestValue, patterns)}: whether the value matches one of the {@code |}-separated globs. */
  static final class GlobFunction extends CustomFunction {
    private final String name;
    private final boolean ignoreCase;
    private final Map<String, Pattern[]> compiled = new ConcurrentHashMap<>();

    GlobFunction(String name, boolean ignoreCase) {
      this.name = name;
      this.ignoreCase = ignoreCase;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public AviatorObject call(Map<String, Object> env, AviatorObject value, AviatorObject patterns) {
      String v = FunctionUtils.getStringValue(value, env);
      for (Pattern p : compiled.computeIfAbsent(FunctionUtils.getStringValue(patterns, env), this::compile)) {
        if (p.matcher(v).matches()) {
          return AviatorBoolean.TRUE;
        }
      }
      return AviatorBoolean.FALSE;
    }

    private Pattern[] compile(String globs) {
      String[] parts = globs.split("\\|");
      Pattern[] out = new Pattern[parts.length];
      for (int i = 0; i < parts.length; i++) {
        StringBuilder re = new StringBuilder();
        for (String literal : parts[i].split("\\*", -1)) {
          if (re.length() > 0) {
            re.append(".*");
          }
          re.append(Pattern.quote(literal));
        }
        out[i] = Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
      }
      return out;
    }
  }

  /** {@code iamCond(condition, team, ip, mfa)}: the row's condition string against the request's facts. */
  static final class ConditionFunction extends CustomFunction {
    private record Cond(String team, int network, int mask, boolean ip, boolean mfa) {}

    private final Map<String, Cond> compiled = new ConcurrentHashMap<>();

    @Override
    public String getName() {
      return "iamCond";
    }

    @Override
    public AviatorObject call(Map<String, Object> env, AviatorObject cond, AviatorObject team, AviatorObject ip, AviatorObject mfa) {
      String text = FunctionUtils.getStringValue(cond, env);
      if (text.isEmpty()) {
        return AviatorBoolean.TRUE;
      }
      Cond c = compiled.computeIfAbsent(text, ConditionFunction::parse);
      if (c.team() != null && !c.team().equals(FunctionUtils.getStringValue(team, env))) {
        return AviatorBoolean.FALSE;
      }
      if (c.ip() && (ipv4(FunctionUtils.getStringValue(ip, env)) & c.mask()) != c.network()) {
        return AviatorBoolean.FALSE;
      }
      if (c.mfa() && !"true".equals(FunctionUtils.getStringValue(mfa, env))) {
        return AviatorBoolean.FALSE;
      }
      return AviatorBoolean.TRUE;
    }

    private static Cond parse(String text) {
      String team = null;
      int network = 0;
      int mask = 0;
      boolean ip = false;
      boolean mfa = false;
      for (String part : text.split(";")) {
        if (part.startsWith("team=")) {
          team = part.substring(5);
        } else if (part.startsWith("ip=")) {
          String[] cidr = part.substring(3).split("/");
          int bits = Integer.parseInt(cidr[1]);
          mask = bits == 0 ? 0 : -1 << (32 - bits);
          network = ipv4(cidr[0]) & mask;
          ip = true;
        } else if (part.equals("mfa")) {
          mfa = true;
        }
      }
      return new Cond(team, network, mask, ip, mfa);
    }

    private static int ipv4(String s) {
      int out = 0;
      int octet = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '.') {
          out = (out << 8) | octet;
          octet = 0;
        } else {
          octet = octet * 10 + (c - '0');
        }
      }
      return (out << 8) | octet;
    }
  }
}
