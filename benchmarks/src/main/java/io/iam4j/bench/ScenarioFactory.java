package io.iam4j.bench;

import io.iam4j.bench.Scenario.PolicyDoc;
import io.iam4j.bench.Scenario.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the benchmark scenario at any size, deterministically, so that the 50- and the
 * 500-statement variants are the same scenario scaled: the special statements sit at the same
 * relative positions and the filler statements cycle through the same patterns.
 *
 * <ul>
 *   <li>User {@code alice} of tenant {@code 111122223333}, tag {@code team=finance}, in the groups
 *       {@code Analysts}, {@code Finance} and {@code Engineering}.
 *   <li>Ten policies of {@code size / 10} statements each: policies 0-1 attached to the user, 2-4 to
 *       {@code Analysts}, 5-7 to {@code Finance}, 8-9 to {@code Engineering}.
 *   <li>Statements cycle through s3, dynamodb and ec2 actions, with wildcards ({@code s3:List*},
 *       {@code dynamodb:BatchGet*}, {@code ec2:*Tags}, ...) on resources of their own (bucket-7,
 *       Table12, instance i-...), a quarter to a sixth of them with a tag, source-IP or MFA condition.
 *   <li>At 10 %: {@code Allow dynamodb:*} on table {@code Orders}. At 50 %: the one explicit {@code
 *       Deny dynamodb:Delete*} on every table. At 80 % (the 40th of 50): {@code Allow s3:GetObject,
 *       s3:GetObjectVersion} on {@code reports/finance/*}, when the caller's team tag is {@code
 *       finance}, its source IP in {@code 10.0.0.0/8} and it signed in with MFA.
 * </ul>
 *
 * <p>The requests: {@code s3:GetObject} on {@code reports/finance/2025/q3.pdf} from 10.20.30.40 with
 * MFA (allowed by the 80 % statement); {@code dynamodb:DeleteTable} on {@code Orders} (allowed at
 * 10 %, explicitly denied at 50 %); {@code s3:PutBucketPolicy} on {@code reports} (a third of the
 * statements are s3 statements, a fifth of those match the action, none the resource: an implicit
 * deny).
 */
public final class ScenarioFactory {
  public static final String ACCOUNT = "111122223333";
  public static final String USER = "alice";
  public static final String TEAM = "finance";
  public static final List<String> GROUPS = List.of("Analysts", "Finance", "Engineering");

  private static final String[][] S3_ACTIONS = {
      {"s3:GetObject", "s3:GetObjectVersion"}, {"s3:List*"}, {"s3:PutObject", "s3:PutObjectAcl"}, {"s3:Get*Tagging"},
      {"s3:*MultipartUpload*"}, {"s3:GetBucket*", "s3:ListBucket"}, {"s3:DeleteObject"}, {"s3:Put*"}};
  private static final String[][] DYNAMODB_ACTIONS = {
      {"dynamodb:GetItem", "dynamodb:Query"}, {"dynamodb:BatchGet*"}, {"dynamodb:Describe*", "dynamodb:List*"},
      {"dynamodb:PutItem", "dynamodb:UpdateItem"}, {"dynamodb:Scan"}, {"dynamodb:*"}};
  private static final String[][] EC2_ACTIONS = {
      {"ec2:Describe*"}, {"ec2:StartInstances", "ec2:StopInstances"}, {"ec2:*Tags"}, {"ec2:RebootInstances"},
      {"ec2:Get*", "ec2:Describe*"}};

  private ScenarioFactory() {}

  /** Index of the statement that allows the {@code allow} request: the 40th of 50. */
  public static int allowIndex(int size) {
    return size * 4 / 5 - 1;
  }

  /** Index of the explicit deny: the 25th of 50. */
  public static int denyIndex(int size) {
    return size / 2 - 1;
  }

  /** Index of the allow the explicit deny overrides: the 5th of 50. */
  public static int overriddenAllowIndex(int size) {
    return size / 10 - 1;
  }

  /**
   * The scenario with {@code size} statements.
   *
   * @param size a multiple of 10, at least 20
   */
  public static Scenario create(int size) {
    if (size < 20 || size % 10 != 0) {
      throw new IllegalArgumentException("size must be a multiple of 10, at least 20: " + size);
    }
    List<Stmt> all = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      all.add(statement(i, size));
    }
    List<PolicyDoc> policies = new ArrayList<>();
    int per = size / 10;
    for (int p = 0; p < 10; p++) {
      String owner;
      boolean group = true;
      if (p < 2) {
        owner = USER;
        group = false;
      } else if (p < 5) {
        owner = GROUPS.get(0);
      } else if (p < 8) {
        owner = GROUPS.get(1);
      } else {
        owner = GROUPS.get(2);
      }
      String name = (group ? owner : "User") + "Policy" + p;
      policies.add(new PolicyDoc(name, owner, group, all.subList(p * per, (p + 1) * per)));
    }
    List<Request> requests = List.of(
        new Request(Request.Kind.allow, ACCOUNT, USER, "s3:GetObject", "arn:aws:s3:::reports/finance/2025/q3.pdf", TEAM,
            "10.20.30.40", true, true),
        new Request(Request.Kind.explicitDeny, ACCOUNT, USER, "dynamodb:DeleteTable",
            "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/Orders", TEAM, "10.20.30.40", true, false),
        new Request(Request.Kind.implicitDeny, ACCOUNT, USER, "s3:PutBucketPolicy", "arn:aws:s3:::reports", TEAM,
            "10.20.30.40", true, false));
    return new Scenario(size, ACCOUNT, USER, TEAM, GROUPS, policies, requests);
  }

  private static Stmt statement(int i, int size) {
    String table = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/";
    if (i == allowIndex(size)) {
      return new Stmt(i, false, List.of("s3:GetObject", "s3:GetObjectVersion"), List.of("arn:aws:s3:::reports/finance/*"),
          TEAM, "10.0.0.0/8", true);
    }
    if (i == denyIndex(size)) {
      return new Stmt(i, true, List.of("dynamodb:Delete*"), List.of("arn:aws:dynamodb:*:" + ACCOUNT + ":table/*"), null, null,
          false);
    }
    if (i == overriddenAllowIndex(size)) {
      return new Stmt(i, false, List.of("dynamodb:*"), List.of(table + "Orders", table + "Orders/index/*"), null, null, false);
    }
    // Fillers: conditions on some, never matching the scenario's requests (their resources are their own).
    String team = i % 4 == 1 ? "team-" + (i % 7) : null;
    String cidr = i % 5 == 2 ? "192.168." + (i % 256) + ".0/24" : null;
    boolean mfa = i % 6 == 3;
    int k = i / 3;
    switch (i % 3) {
      case 0:
        return new Stmt(i, false, List.of(S3_ACTIONS[k % S3_ACTIONS.length]),
            List.of("arn:aws:s3:::bucket-" + i, "arn:aws:s3:::bucket-" + i + "/*"), team, cidr, mfa);
      case 1:
        return new Stmt(i, false, List.of(DYNAMODB_ACTIONS[k % DYNAMODB_ACTIONS.length]),
            List.of(table + "Table" + i, table + "Table" + i + "/index/*"), team, cidr, mfa);
      default:
        String[] actions = EC2_ACTIONS[k % EC2_ACTIONS.length];
        List<String> resources = actions[0].startsWith("ec2:Describe")
            ? List.of("*")
            : List.of("arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-" + String.format("%017x", i * 7919L));
        return new Stmt(i, false, List.of(actions), resources, team, cidr, mfa);
    }
  }
}
