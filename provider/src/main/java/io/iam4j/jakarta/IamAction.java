package io.iam4j.jakarta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the IAM action a Jakarta REST resource method performs and the resource it acts on;
 * every call is decided by the caller's IAM policies before the method runs. A method without this
 * annotation gets no IAM check (container security still applies).
 *
 * <p>Templates: {@code ${name}} is the path parameter {@code name}, else the query parameter
 * {@code name}; {@code ${tenant}} is the caller's tenant. A template whose value is missing denies
 * the request (fail closed). Example:
 *
 * <pre>
 * &#64;GET &#64;Path("t/{owner}/buckets/{bucket}/objects/{key: .+}")
 * &#64;IamAction(value = "docs:GetObject",
 *     resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}",
 *     resourceAccount = "${owner}")
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface IamAction {
  /** The action, {@code service:Name}. */
  String value();

  /** The resource ARN template; {@code "*"} for actions on no particular resource. */
  String resource() default "*";

  /** The tenant owning the resource (template); default: the caller's tenant. */
  String resourceAccount() default "${tenant}";

  /**
   * Application condition keys, {@code key=template} each, e.g. {@code "docs:prefix=${prefix}"}. A key
   * whose template has no value is left out of the request context (as AWS leaves out keys that do
   * not apply), so {@code ...IfExists} and {@code Null} conditions see it as absent.
   */
  String[] context() default {};

  /**
   * The name of the resource's type in the action catalog ({@code bin/iam catalog}, the API's
   * {@code GetServiceReference}), e.g. {@code "object"}; default: the first literal segment of the
   * resource template ({@code bucket} of {@code arn:iam4j:docs::${owner}:bucket/${bucket}/${key}}).
   * Declarations of one action with different types give the action each type.
   */
  String resourceType() default "";

  /**
   * The action's access level in the catalog, as AWS's reference classifies actions: {@code List},
   * {@code Read}, {@code Write}, {@code Permissions management} or {@code Tagging}; default: derived
   * from the name and HTTP method ({@code Tag*}/{@code Untag*} tagging, policy and permission writes
   * permissions management, {@code GET} of {@code List*} list, other {@code GET}s read, other
   * methods write; without a method, verbs like {@code Get}, {@code List}, {@code Describe} read).
   */
  String accessLevel() default "";
}
