package io.iam4j.iamapi;

import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.Set;

/** A group of IAM API actions (users, roles, policies, ...), answered over the Query protocol. */
public interface IamOperations {
  /** The actions answered, by their AWS names ({@code CreateUser}). */
  Set<String> actions();

  /**
   * Answers one action of {@link #actions()}, writing its result into {@code xml}.
   *
   * @return whether the reply has a result element ({@code <ActionResult>}); actions without output
   *     answer only {@code ResponseMetadata}
   * @throws io.iam4j.sts.AwsError for every refusal, with IAM's code
   */
  boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml);
}
