package io.iam4j.jakarta.catalog;

import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.CatalogBuilder;
import io.iam4j.catalog.ConditionKeyEntry;
import io.iam4j.catalog.ResourceType;
import io.iam4j.catalog.ServiceReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The services iam4j itself answers, in the catalog's terms: the IAM API ({@code iam:}), STS
 * ({@code sts:}), and the two actions the console needs of other AWS services
 * ({@code access-analyzer:ValidatePolicy}, {@code cloudtrail:LookupEvents}), plus iam4j's own
 * {@code iam:} checks ({@code iam:PassRole}, {@code iam:GetConfigurationStatus}) and extensions
 * ({@code iam:GetServiceReference}, {@code iam:ListServiceReferences}).
 *
 * <p>Access levels, resource types and condition keys are AWS's, from the Service Authorization
 * Reference ("Actions, resources, and condition keys for AWS Identity and Access Management" and
 * "... for AWS Security Token Service"), with ARN formats in iam4j's partition (the shapes of
 * {@link io.iam4j.directory.Arns}). Only the actions iam4j answers are listed: a policy naming
 * another IAM action is flagged, since nothing here would ever ask for it. The table is checked
 * against the actions the IAM API dispatches by a test: a new API action must be added here.
 */
public final class Iam4jServices {
  private Iam4jServices() {}

  /**
   * The IAM actions: name, level (L list, R read, W write, P permissions management, T tagging),
   * resource types (comma-separated, - for none), condition keys (comma-separated, optional).
   */
  private static final String IAM = """
      AddUserToGroup W group
      AttachGroupPolicy P group iam:PolicyARN
      AttachRolePolicy P role iam:PermissionsBoundary,iam:PolicyARN
      AttachUserPolicy P user iam:PermissionsBoundary,iam:PolicyARN
      ChangePassword W user
      CreateAccessKey W user
      CreateGroup W group
      CreateLoginProfile W user
      CreatePolicy P policy aws:RequestTag/${TagKey},aws:TagKeys
      CreatePolicyVersion P policy
      CreateRole W role iam:PermissionsBoundary,aws:RequestTag/${TagKey},aws:TagKeys
      CreateUser W user iam:PermissionsBoundary,aws:RequestTag/${TagKey},aws:TagKeys
      CreateVirtualMFADevice W mfa aws:RequestTag/${TagKey},aws:TagKeys
      DeactivateMFADevice W user
      DeleteAccessKey W user
      DeleteAccountPasswordPolicy P -
      DeleteGroup W group
      DeleteGroupPolicy P group
      DeleteLoginProfile W user
      DeletePolicy P policy
      DeletePolicyVersion P policy
      DeleteRole W role
      DeleteRolePermissionsBoundary P role iam:PermissionsBoundary
      DeleteRolePolicy P role iam:PermissionsBoundary
      DeleteUser W user
      DeleteUserPermissionsBoundary P user iam:PermissionsBoundary
      DeleteUserPolicy P user iam:PermissionsBoundary
      DeleteVirtualMFADevice W mfa
      DetachGroupPolicy P group iam:PolicyARN
      DetachRolePolicy P role iam:PermissionsBoundary,iam:PolicyARN
      DetachUserPolicy P user iam:PermissionsBoundary,iam:PolicyARN
      EnableMFADevice W user
      GenerateCredentialReport R -
      GenerateServiceLastAccessedDetails R group,policy,role,user
      GetAccessKeyLastUsed R user
      GetAccountAuthorizationDetails R -
      GetAccountPasswordPolicy R -
      GetConfigurationStatus R configuration
      GetContextKeysForCustomPolicy R -
      GetCredentialReport R -
      GetContextKeysForPrincipalPolicy R group,role,user
      GetGroup R group
      GetGroupPolicy R group
      GetLoginProfile R user
      GetPolicy R policy
      GetPolicyVersion R policy
      GetRole R role
      GetRolePolicy R role
      GetPolicyVersionShadow R policy
      GetServiceLastAccessedDetails R -
      GetServiceLastAccessedDetailsWithEntities R -
      GetServiceReference R -
      GetUser R user
      GetUserPolicy R user
      ListAccessKeys L user
      ListAttachedGroupPolicies L group
      ListAttachedRolePolicies L role
      ListAttachedUserPolicies L user
      ListEntitiesForPolicy L policy
      ListGroupPolicies L group
      ListGroups L -
      ListGroupsForUser L user
      ListMFADevices L user
      ListPolicies L -
      ListPolicyVersions L policy
      ListRolePolicies L role
      ListRoleTags L role
      ListRoles L -
      ListServiceReferences L -
      ListUserPolicies L user
      ListUserTags L user
      ListUsers L -
      ListVirtualMFADevices L -
      PassRole W role iam:PassedToService
      PutGroupPolicy P group
      PutRolePermissionsBoundary P role iam:PermissionsBoundary
      PutRolePolicy P role iam:PermissionsBoundary
      PutUserPermissionsBoundary P user iam:PermissionsBoundary
      PutUserPolicy P user iam:PermissionsBoundary
      RemoveUserFromGroup W group
      ResyncMFADevice W user
      SetDefaultPolicyVersion P policy
      SimulateCustomPolicy R -
      StartPolicyVersionShadow W policy
      StopPolicyVersionShadow W policy
      SimulatePrincipalPolicy R group,role,user
      TagRole T role aws:RequestTag/${TagKey},aws:TagKeys
      TagUser T user aws:RequestTag/${TagKey},aws:TagKeys
      UntagRole T role aws:TagKeys
      UntagUser T user aws:TagKeys
      UpdateAccessKey W user
      UpdateAccountPasswordPolicy P -
      UpdateAssumeRolePolicy P role
      UpdateGroup W group
      UpdateLoginProfile W user
      UpdateRole W role
      UpdateRoleDescription W role
      UpdateUser W user
      """;

  private static final String STS = """
      AssumeRole W role aws:RequestTag/${TagKey},aws:TagKeys,sts:ExternalId,sts:RoleSessionName,sts:SourceIdentity,sts:TransitiveTagKeys
      AssumeRoleWithWebIdentity W role sts:RoleSessionName,sts:SourceIdentity
      DecodeAuthorizationMessage W -
      GetCallerIdentity R -
      GetSessionToken R -
      SetSourceIdentity W role,user sts:SourceIdentity
      TagSession T role,user aws:RequestTag/${TagKey},aws:TagKeys,sts:TransitiveTagKeys
      """;

  /** The IAM API actions that are not IAM's: served on the same endpoint under their services' names. */
  private static final String ACCESS_ANALYZER = """
      CheckNoNewAccess R -
      ListFindingsV2 L analyzer
      StartPolicyGeneration W role,user
      ValidatePolicy R -
      """;
  private static final String CLOUDTRAIL = "LookupEvents R -\n";

  private static final Map<String, List<String>> IAM_KEYS = Map.of(
      "iam:PermissionsBoundary", List.of("ARN"), "iam:PolicyARN", List.of("ARN"), "iam:PassedToService", List.of("String"),
      "iam:ResourceTag/${TagKey}", List.of("String"), "aws:RequestTag/${TagKey}", List.of("String"),
      "aws:ResourceTag/${TagKey}", List.of("String"), "aws:TagKeys", List.of("ArrayOfString"));
  private static final Map<String, List<String>> STS_KEYS = Map.of(
      "sts:ExternalId", List.of("String"), "sts:RoleSessionName", List.of("String"), "sts:SourceIdentity", List.of("String"),
      "sts:TransitiveTagKeys", List.of("ArrayOfString"), "aws:RequestTag/${TagKey}", List.of("String"),
      "aws:ResourceTag/${TagKey}", List.of("String"), "aws:TagKeys", List.of("ArrayOfString"));

  /** iam4j's services, with ARN formats in {@code partition}. */
  public static List<ServiceReference> services(String partition) {
    String iam = "arn:" + partition + ":iam::${Account}:";
    List<String> tagged = List.of("aws:ResourceTag/${TagKey}", "iam:ResourceTag/${TagKey}");
    List<ResourceType> iamTypes = List.of(
        new ResourceType("configuration", List.of(iam + "configuration"), List.of()),
        new ResourceType("group", List.of(iam + "group/${GroupNameWithPath}"), List.of()),
        new ResourceType("mfa", List.of(iam + "mfa/${MfaTokenIdWithPath}"), tagged),
        new ResourceType("policy", List.of(iam + "policy/${PolicyNameWithPath}"), tagged),
        new ResourceType("role", List.of(iam + "role/${RoleNameWithPath}"), tagged),
        new ResourceType("user", List.of(iam + "user/${UserNameWithPath}"), tagged));
    List<ResourceType> stsTypes = List.of(
        new ResourceType("role", List.of(iam + "role/${RoleNameWithPath}"), List.of("aws:ResourceTag/${TagKey}")),
        new ResourceType("user", List.of(iam + "user/${UserNameWithPath}"), List.of("aws:ResourceTag/${TagKey}")));
    return List.of(
        new ServiceReference("access-analyzer", actions(ACCESS_ANALYZER), List.of(new ResourceType("analyzer",
            List.of("arn:" + partition + ":access-analyzer::${Account}:analyzer/${AnalyzerName}"), List.of()),
            // iam4j authorizes policy generation on the principal whose activity is read (AWS: "*").
            new ResourceType("role", List.of(iam + "role/${RoleNameWithPath}"), List.of()),
            new ResourceType("user", List.of(iam + "user/${UserNameWithPath}"), List.of())), List.of()),
        new ServiceReference("cloudtrail", actions(CLOUDTRAIL), List.of(), List.of()),
        new ServiceReference("iam", actions(IAM), iamTypes, keys(IAM_KEYS)),
        new ServiceReference("sts", actions(STS), stsTypes, keys(STS_KEYS)));
  }

  private static List<ActionEntry> actions(String table) {
    List<ActionEntry> out = new ArrayList<>();
    for (String line : table.strip().split("\n")) {
      String[] f = line.strip().split(" ");
      AccessLevel level = switch (f[1]) {
        case "L" -> AccessLevel.LIST;
        case "R" -> AccessLevel.READ;
        case "W" -> AccessLevel.WRITE;
        case "P" -> AccessLevel.PERMISSIONS_MANAGEMENT;
        case "T" -> AccessLevel.TAGGING;
        default -> throw new IllegalStateException("Level " + f[1] + " in " + line);
      };
      List<String> types = f[2].equals("-") ? List.of() : Arrays.asList(f[2].split(","));
      boolean required = types.size() == 1;
      out.add(new ActionEntry(f[0], level, types.stream().map(t -> new ActionEntry.ResourceUse(t, required)).toList(),
          f.length > 3 ? Arrays.asList(f[3].split(",")) : List.of(), List.of(CatalogBuilder.IAM4J)));
    }
    return out;
  }

  private static List<ConditionKeyEntry> keys(Map<String, List<String>> keys) {
    return keys.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> new ConditionKeyEntry(e.getKey(), e.getValue())).toList();
  }
}
