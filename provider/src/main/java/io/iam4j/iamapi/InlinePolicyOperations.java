package io.iam4j.iamapi;

import io.iam4j.config.FileChange;
import io.iam4j.directory.InlinePolicy;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.RequestContext;
import io.iam4j.iamapi.Entity.Kind;
import io.iam4j.json.JsonNode;
import io.iam4j.policy.PolicyType;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inline policies: {@code Put/Get/List/Delete(User|Group|Role)Policy}. An inline policy is a file
 * named from its identity's {@code inlinePolicies}; the API writes new ones to {@code
 * inline/KIND-NAME/POLICY.json} and rewrites a hand-written one in place unless another identity
 * shares it. IAM's aggregate size quotas apply (user 2,048, group 5,120, role 10,240 characters
 * without white space).
 */
public final class InlinePolicyOperations implements IamOperations {
  @Override
  public Set<String> actions() {
    return Set.of("PutUserPolicy", "GetUserPolicy", "ListUserPolicies", "DeleteUserPolicy", "PutGroupPolicy", "GetGroupPolicy",
        "ListGroupPolicies", "DeleteGroupPolicy", "PutRolePolicy", "GetRolePolicy", "ListRolePolicies", "DeleteRolePolicy");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    Kind kind = action.contains("User") ? Kind.USER : action.contains("Group") ? Kind.GROUP : Kind.ROLE;
    if (action.startsWith("Put")) {
      put(kind, action, q, call);
      return false;
    }
    if (action.startsWith("Delete")) {
      delete(kind, action, q, call);
      return false;
    }
    if (action.startsWith("Get")) {
      get(kind, action, q, call, xml);
    } else {
      list(kind, action, q, call, xml);
    }
    return true;
  }

  private static int quota(Kind kind) {
    return switch (kind) {
      case USER -> 2048;
      case GROUP -> 5120;
      case ROLE -> 10240;
    };
  }

  private static RequestContext context(Entity e) {
    return e.kind() == Kind.GROUP ? RequestContext.empty() : AttachmentOperations.boundaryContext(e).build();
  }

  private static String policyName(QueryRequest q) {
    return ApiSupport.name(q, "PolicyName", ApiSupport.LONG_NAME, 128);
  }

  private static int size(String text) {
    return text.replaceAll("\\s", "").length();
  }

  private void put(Kind kind, String action, QueryRequest q, IamCall call) {
    Entity e = Entity.of(kind, q, call);
    String name = policyName(q);
    ApiSupport.document(q, "PolicyDocument", PolicyType.IDENTITY);
    String text = q.required("PolicyDocument");
    call.authorize(action, e.arn(), context(e));
    e.existing();
    JsonNode.ObjectNode o = ApiSupport.object(call, e.file());
    Map<String, String> refs = ApiSupport.stringMap(o, "inlinePolicies");
    int total = size(text);
    for (Map.Entry<String, String> r : refs.entrySet()) {
      if (!r.getKey().equals(name)) {
        String other = ApiSupport.readFile(call, r.getValue());
        total += other == null ? 0 : size(other);
      }
    }
    if (total > quota(kind)) {
      throw IamErrors.limitExceeded("Maximum policy size of " + quota(kind) + " bytes exceeded for " + kind.word.toLowerCase(java.util.Locale.ROOT)
          + " " + e.name());
    }
    String current = refs.get(name);
    List<FileChange> changes = new ArrayList<>();
    if (current != null && !ApiSupport.sharedElsewhere(ApiSupport.identityFiles(call), current, e.file())) {
      changes.add(FileChange.put(current, text));
    } else {
      String own = "inline/" + kind.word.toLowerCase(java.util.Locale.ROOT) + "-" + ApiSupport.segment(e.name()) + "/"
          + ApiSupport.segment(name) + ".json";
      Map<String, String> updated = new LinkedHashMap<>(refs);
      updated.put(name, own);
      changes.add(FileChange.put(own, text));
      changes.add(FileChange.put(e.file(), ApiSupport.print(ApiSupport.with(o, "inlinePolicies", ApiSupport.stringMap(updated)))));
    }
    Tenant t = call.tenant();
    call.store().writer().write(t.id(), t.version(), changes, call.actor() + ": " + action + " " + e.name() + " " + name);
  }

  private static io.iam4j.sts.AwsError missing(Entity e, String name) {
    return IamErrors.noSuchEntity("The " + e.kind().word.toLowerCase(java.util.Locale.ROOT) + " policy with name " + name
        + " cannot be found.");
  }

  private void get(Kind kind, String action, QueryRequest q, IamCall call, QueryXml xml) {
    Entity e = Entity.of(kind, q, call);
    String name = policyName(q);
    call.authorize(action, e.arn());
    e.existing();
    InlinePolicy p = e.inlinePolicies().stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    if (p == null) {
      throw missing(e, name);
    }
    String file = ApiSupport.stringMap(ApiSupport.object(call, e.file()), "inlinePolicies").get(name);
    String text = file == null ? null : ApiSupport.readFile(call, file);
    if (text == null) {
      text = io.iam4j.policy.PolicyPrinter.print(p.policy());
    }
    xml.text(kind.param, e.name()).text("PolicyName", name).text("PolicyDocument", ApiSupport.urlEncoded(text));
  }

  private void list(Kind kind, String action, QueryRequest q, IamCall call, QueryXml xml) {
    Entity e = Entity.of(kind, q, call);
    call.authorize(action, e.arn());
    e.existing();
    List<String> names = e.inlinePolicies().stream().map(InlinePolicy::name).sorted().toList();
    ApiSupport.Page<String> page = ApiSupport.page(q, names, n -> n);
    xml.open("PolicyNames");
    page.items().forEach(n -> xml.text("member", n));
    xml.close("PolicyNames");
    page.truncation(xml);
  }

  private void delete(Kind kind, String action, QueryRequest q, IamCall call) {
    Entity e = Entity.of(kind, q, call);
    String name = policyName(q);
    call.authorize(action, e.arn(), context(e));
    e.existing();
    JsonNode.ObjectNode o = ApiSupport.object(call, e.file());
    Map<String, String> refs = new LinkedHashMap<>(ApiSupport.stringMap(o, "inlinePolicies"));
    String file = refs.remove(name);
    if (file == null) {
      throw missing(e, name);
    }
    List<FileChange> changes = new ArrayList<>();
    changes.add(FileChange.put(e.file(), ApiSupport.print(ApiSupport.with(o, "inlinePolicies", ApiSupport.stringMap(refs)))));
    // The document goes with the policy unless something else still names it.
    if (!ApiSupport.sharedElsewhere(ApiSupport.identityFiles(call), file, e.file()) && !refs.containsValue(file)
        && ApiSupport.readFile(call, file) != null) {
      changes.add(FileChange.delete(file));
    }
    Tenant t = call.tenant();
    call.store().writer().write(t.id(), t.version(), changes, call.actor() + ": " + action + " " + e.name() + " " + name);
  }
}
