package io.iam4j.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogBuilder;
import io.iam4j.catalog.CatalogBuilder.Declaration;
import io.iam4j.json.JsonReader;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CatalogLinter}, from how IAM Access Analyzer's policy validation reports the same
 * problems against AWS's service reference (issue codes INVALID_ACTION, INVALID_ARN_RESOURCE and
 * INVALID_SERVICE_CONDITION_KEY, finding type ERROR, "The action ... does not exist.", "The
 * condition key ... does not exist in the service ...", "Resource ARN does not match the expected
 * ARN format."), over a catalog shaped like the sample's docs service.
 */
class CatalogLinterTest {
  private static final ActionCatalog DOCS = new CatalogBuilder()
      .add(new Declaration("docs:GetObject", "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", "object", null, "GET", List.of(), "GET o"))
      .add(new Declaration("docs:PutObject", "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", "object", null, "PUT", List.of(), "PUT o"))
      .add(new Declaration("docs:ListObjects", "arn:iam4j:docs::${owner}:bucket/${bucket}", null, null, "GET", List.of("docs:prefix"), "GET b"))
      .add(new Declaration("docs:ListBuckets", "arn:iam4j:docs::${owner}:bucket/*", null, null, "GET", List.of(), "GET bs"))
      .add(new Declaration("docs:CreateJob", "arn:iam4j:docs::${owner}:job/${name}", null, null, "POST", List.of(), "POST j"))
      .add(new Declaration("docs:Ping", "*", null, null, "GET", List.of(), "GET p"))
      .build();

  private static List<Finding> lint(String singleQuoted) {
    String text = singleQuoted.replace('\'', '"');
    PolicyParser.standard().parse(text, PolicyType.IDENTITY, "p.json"); // the linter runs on policies IAM accepts
    return new CatalogLinter(DOCS).lint(JsonReader.read(text));
  }

  private static String policy(String statement) {
    return "{'Version':'2012-10-17','Statement':[" + statement + "]}";
  }

  @Test
  void aMisspelledActionIsAnInvalidActionWithTheClosestName() {
    List<Finding> f = lint(policy("{'Effect':'Allow','Action':['docs:GetObjekt','docs:ListObjects'],'Resource':'*'}"));
    assertEquals(1, f.size(), f::toString);
    assertEquals(Severity.ERROR, f.get(0).severity());
    assertEquals("INVALID_ACTION", f.get(0).code());
    assertEquals("/Statement/0/Action/0", f.get(0).pointer());
    assertEquals("The action docs:GetObjekt does not exist. Did you mean docs:GetObject?", f.get(0).message());
  }

  @Test
  void actionNamesAreCaseInsensitiveAndFarNamesGetNoSuggestion() {
    assertEquals(List.of(), lint(policy("{'Effect':'Allow','Action':'DOCS:getobject','Resource':'*'}")));
    List<Finding> f = lint(policy("{'Effect':'Deny','NotAction':'docs:Teleport','Resource':'*'}"));
    assertEquals("/Statement/0/NotAction", f.get(0).pointer());
    assertEquals("The action docs:Teleport does not exist.", f.get(0).message());
  }

  @Test
  void aWildcardThatMatchesNothingIsFlaggedOneThatMatchesIsNot() {
    List<Finding> f = lint(policy("{'Effect':'Allow','Action':['docs:Gett*','docs:List*','docs:*'],'Resource':'*'}"));
    assertEquals(1, f.size(), f::toString);
    assertEquals("INVALID_ACTION", f.get(0).code());
    assertEquals("The action pattern docs:Gett* matches no action of the service docs.", f.get(0).message());
  }

  @Test
  void servicesTheCatalogDoesNotKnowAreLeftAlone() {
    assertEquals(List.of(), lint(policy("{'Effect':'Allow','Action':['s3:GetObjekt','*'],'Resource':'arn:aws:s3:::b/k',"
        + "'Condition':{'StringEquals':{'s3:prefx':'a','aws:username':'x'}}}")));
  }

  @Test
  void aResourceNoActionOfTheStatementActsOnIsAnInvalidArnResource() {
    List<Finding> f = lint(policy("{'Effect':'Allow','Action':'docs:GetObject','Resource':['arn:iam4j:docs::acme:bucket/b1/k',"
        + "'arn:iam4j:docs::acme:job/j1','arn:iam4j:docs::${aws:PrincipalAccount}:bucket/*']}"));
    assertEquals(1, f.size(), f::toString);
    assertEquals("INVALID_ARN_RESOURCE", f.get(0).code());
    assertEquals("/Statement/0/Resource/1", f.get(0).pointer());
    assertTrue(f.get(0).message().startsWith("Resource ARN does not match the expected ARN format. The statement's actions act on "
        + "object (arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key})"), f.get(0).message());
  }

  @Test
  void resourcesAreCheckedAgainstTheUnionOfTheActionsTypes() {
    assertEquals(List.of(), lint(policy("{'Effect':'Allow','Action':['docs:GetObject','docs:CreateJob'],"
        + "'Resource':['arn:iam4j:docs::acme:bucket/b1/k','arn:iam4j:docs::acme:job/j1']}")));
    // One action unknown: the statement is not all known, and its resources are not judged.
    List<Finding> f = lint(policy("{'Effect':'Allow','Action':['docs:GetObject','docs:Teleport'],'Resource':'arn:iam4j:docs::acme:job/j1'}"));
    assertEquals(List.of("INVALID_ACTION"), f.stream().map(Finding::code).toList());
    // Actions without resource types: nothing to compare with.
    assertEquals(List.of(), lint(policy("{'Effect':'Allow','Action':'docs:Ping','Resource':'arn:iam4j:docs::acme:anything'}")));
  }

  @Test
  void aSlightlyWrongArnGetsTheClosestFormat() {
    List<Finding> f = lint(policy("{'Effect':'Allow','Action':'docs:CreateJob','Resource':'arn:iam4j:docs::${Account}:jobs/${Name}'}"));
    assertEquals(1, f.size(), f::toString);
    assertTrue(f.get(0).message().endsWith(" Did you mean arn:iam4j:docs::${Account}:job/${Name}?"), f.get(0).message());
  }

  @Test
  void anUnknownServiceConditionKeyIsFlaggedWithTheClosestKey() {
    List<Finding> f = lint(policy("{'Effect':'Allow','Action':'docs:ListObjects','Resource':'arn:iam4j:docs::acme:bucket/b',"
        + "'Condition':{'StringLike':{'docs:prefx':'reports/*','docs:prefix':'x/*'}}}"));
    assertEquals(1, f.size(), f::toString);
    assertEquals("INVALID_SERVICE_CONDITION_KEY", f.get(0).code());
    assertEquals("/Statement/0/Condition/StringLike/docs:prefx", f.get(0).pointer());
    assertEquals("The condition key docs:prefx does not exist in the service docs. Use a valid condition key. Did you mean docs:prefix?",
        f.get(0).message());
  }

  @Test
  void aSingleStatementObjectIsLintedToo() {
    List<Finding> f = new CatalogLinter(DOCS).lint(JsonReader.read(
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"docs:GetObjekt\",\"Resource\":\"*\"}}"));
    assertEquals("/Statement/Action", f.get(0).pointer());
  }

  @Test
  void anEmptyCatalogFindsNothing() {
    assertEquals(List.of(), new CatalogLinter(ActionCatalog.EMPTY).lint(JsonReader.read(
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"docs:GetObjekt\",\"Resource\":\"*\"}}")));
  }

  @Test
  void distanceCountsATranspositionAsOne() {
    assertEquals(1, CatalogLinter.distance("getobjcet", "getobject"));
    assertEquals(1, CatalogLinter.distance("getobjekt", "getobject"));
    assertEquals(3, CatalogLinter.distance("kitten", "sitting"));
  }
}
