package io.iam4j.iamapi;

import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import java.util.regex.Pattern;

/** IAM's error codes and parameter constraints, as the IAM API Reference words them. */
final class IamErrors {
  static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  static final Pattern GROUP_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
  static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x2E\\x30-\\x7E][\\x21-\\x7E]{0,510}/");
  static final Pattern PATH_PREFIX = Pattern.compile("/[\\x21-\\x7E]{0,511}");
  static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
  static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");

  private IamErrors() {}

  static AwsError noSuchEntity(String message) {
    return new AwsError("NoSuchEntity", 404, message);
  }

  static AwsError alreadyExists(String message) {
    return new AwsError("EntityAlreadyExists", 409, message);
  }

  static AwsError limitExceeded(String message) {
    return new AwsError("LimitExceeded", 409, message);
  }

  static AwsError deleteConflict(String message) {
    return new AwsError("DeleteConflict", 409, message);
  }

  static AwsError invalidInput(String message) {
    return new AwsError("InvalidInput", 400, message);
  }

  static AwsError unmodifiable(String message) {
    return new AwsError("UnmodifiableEntity", 400, message);
  }

  static AwsError noSuchUser(String name) {
    return noSuchEntity("The user with name " + QueryRequest.printable(name) + " cannot be found.");
  }

  static AwsError noSuchGroup(String name) {
    return noSuchEntity("The group with name " + QueryRequest.printable(name) + " cannot be found.");
  }

  /** A required name parameter matching {@code pattern} (AWS's validation message otherwise). */
  static String name(QueryRequest q, String param, Pattern pattern, int max) {
    String v = q.required(param);
    if (!pattern.matcher(v).matches()) {
      throw AwsError.constraint(QueryRequestNames.member(param), v,
          "Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length 1 to " + max);
    }
    return v;
  }

  /** An optional path parameter, {@code /} when absent. */
  static String path(QueryRequest q, String param) {
    String v = q.get(param).orElse("/");
    if (!PATH.matcher(v).matches()) {
      throw AwsError.constraint(QueryRequestNames.member(param), v,
          "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F) and have length 1 to 512");
    }
    return v;
  }

  /** Parameter names as AWS's messages spell members: {@code UserName} is {@code userName}. */
  static final class QueryRequestNames {
    private QueryRequestNames() {}

    static String member(String param) {
      return param.isEmpty() ? param : Character.toLowerCase(param.charAt(0)) + param.substring(1);
    }
  }
}
