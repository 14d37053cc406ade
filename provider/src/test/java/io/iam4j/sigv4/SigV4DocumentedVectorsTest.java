package io.iam4j.sigv4;

import static io.iam4j.sigv4.Fixtures.at;
import static io.iam4j.sigv4.Fixtures.headers;
import static io.iam4j.sigv4.Fixtures.oneKey;
import static io.iam4j.sigv4.Fixtures.refused;
import static io.iam4j.sigv4.Fixtures.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the AWS documentation, verified as a server receives them: the IAM User Guide's
 * SigV4 example (GET ListUsers on iam.amazonaws.com), the SigV4 test suite's vanilla requests (service
 * "service"), and the Amazon S3 API Reference's "Signature Calculations for the Authorization Header"
 * examples (S3 signs its path once, as it is sent).
 */
class SigV4DocumentedVectorsTest {
  static final String AKID = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String S3_AKID = "AKIAIOSFODNN7EXAMPLE";
  static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static SigV4Verifier<String> verifier(String akid, String secret, String now) {
    return new SigV4Verifier<>(oneKey(akid, secret), Set.of("us-east-1"), at(now), Duration.ofMinutes(5));
  }

  @Test
  void iamUserGuideListUsersExample() {
    // IAM User Guide, "Create a signed AWS API request": the canonical request is
    // GET / Action=ListUsers&Version=2010-05-08, content-type;host;x-amz-date, empty payload; its
    // hash f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59; the signature below.
    SignedRequest request = new SignedRequest("GET", "/", "Action=ListUsers&Version=2010-05-08",
        headers("Host", "iam.amazonaws.com",
            "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
            "X-Amz-Date", "20150830T123600Z",
            "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date,"
                + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"),
        new byte[0]);
    SigV4Result.Verified<String> v =
        verified(verifier(AKID, SECRET, "2015-08-30T12:36:00Z").verify(request, Set.of("iam")));
    assertEquals("subject:AKIDEXAMPLE", v.subject());
    assertEquals(new CredentialScope("20150830", "us-east-1", "iam"), v.scope());
    assertEquals(Canonical.EMPTY_SHA256, v.payloadHash());
    assertEquals(false, v.presigned());

    // The same request under another secret, or another query, does not verify.
    assertEquals(SigV4Error.SignatureDoesNotMatch, refused(verifier(AKID, SECRET.replace('w', 'W'),
        "2015-08-30T12:36:00Z").verify(request, Set.of("iam"))).error());
    SignedRequest other = new SignedRequest("GET", "/", "Action=ListUsers&Version=2010-05-09",
        request.headers(), new byte[0]);
    assertEquals(SigV4Error.SignatureDoesNotMatch,
        refused(verifier(AKID, SECRET, "2015-08-30T12:36:00Z").verify(other, Set.of("iam"))).error());
  }

  @Test
  void iamUserGuideSigningKeyDerivations() {
    // IAM User Guide, "Examples of how to derive a signing key": 20120215/us-east-1/iam.
    assertEquals("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
        Canonical.hex(SigV4Verifier.deriveSigningKey(SECRET, "20120215", "us-east-1", "iam")));
    // The ListUsers example's key, 20150830/us-east-1/iam.
    assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
        Canonical.hex(SigV4Verifier.deriveSigningKey(SECRET, "20150830", "us-east-1", "iam")));
  }

  private static SignedRequest suite(String method, String rawQuery, String signature) {
    return new SignedRequest(method, "/", rawQuery,
        headers("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z",
            "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=" + signature),
        new byte[0]);
  }

  @Test
  void sigV4TestSuiteVanillaRequests() {
    SigV4Verifier<String> verifier = verifier(AKID, SECRET, "2015-08-30T12:36:00Z");
    Set<String> service = Set.of("service");
    // get-vanilla, post-vanilla, get-vanilla-query-order-key-case (Param2=value2&Param1=value1 sorted).
    verified(verifier.verify(suite("GET", null,
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), service));
    verified(verifier.verify(suite("POST", null,
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"), service));
    verified(verifier.verify(suite("GET", "Param2=value2&Param1=value1",
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"), service));
    // The method is signed: get-vanilla's signature on a POST is refused.
    assertEquals(SigV4Error.SignatureDoesNotMatch, refused(verifier.verify(suite("POST", null,
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), service)).error());
  }

  private static SignedRequest s3(String method, String rawPath, String rawQuery, String signedHeaders,
      String signature, byte[] body, String... extraHeaders) {
    var h = headers(extraHeaders);
    h.putAll(headers("Host", "examplebucket.s3.amazonaws.com", "x-amz-date", "20130524T000000Z",
        "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=" + signedHeaders + ",Signature=" + signature));
    return new SignedRequest(method, rawPath, rawQuery, h, body);
  }

  @Test
  void s3ApiReferenceHeaderExamples() {
    SigV4Verifier<String> verifier = verifier(S3_AKID, S3_SECRET, "2013-05-24T00:00:00Z");
    Set<String> s3 = Set.of("s3");
    // GET Object, first ten bytes.
    verified(verifier.verify(s3("GET", "/test.txt", null, "host;range;x-amz-content-sha256;x-amz-date",
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", new byte[0],
        "Range", "bytes=0-9", "x-amz-content-sha256", Canonical.EMPTY_SHA256), s3));
    // PUT Object test$file.text (the path is sent, and signed, as /test%24file.text), with a Date header.
    byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
    SigV4Result.Verified<String> put = verified(verifier.verify(s3("PUT", "/test%24file.text", null,
        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd", body,
        "Date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY",
        "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"), s3));
    assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", put.payloadHash());
    assertEquals(put.payloadHash(), SigV4Verifier.sha256Hex(body));
    // GET Bucket lifecycle: "?lifecycle" is canonically "lifecycle=".
    verified(verifier.verify(s3("GET", "/", "lifecycle", "host;x-amz-content-sha256;x-amz-date",
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543", new byte[0],
        "x-amz-content-sha256", Canonical.EMPTY_SHA256), s3));
    // GET Bucket (List Objects), max-keys=2&prefix=J.
    verified(verifier.verify(s3("GET", "/", "max-keys=2&prefix=J", "host;x-amz-content-sha256;x-amz-date",
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", new byte[0],
        "x-amz-content-sha256", Canonical.EMPTY_SHA256), s3));
    // The PUT's body is not the one signed: S3's own refusal.
    assertEquals(SigV4Error.XAmzContentSHA256Mismatch, refused(verifier.verify(s3("PUT", "/test%24file.text", null,
        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
        "Welcome to Amazon S4.".getBytes(StandardCharsets.UTF_8),
        "Date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY",
        "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"), s3)).error());
  }

  @Test
  void canonicalQueryFollowsTheDocumentedEncoding() {
    // "Create a canonical request": sorted by name, RFC 3986 unreserved characters kept, the rest %XY
    // upper case, a space %20, a name without value "name=".
    assertEquals("Action=ListUsers&Version=2010-05-08",
        Canonical.query(Canonical.parseQuery("Version=2010-05-08&Action=ListUsers", 10), null));
    assertEquals("lifecycle=", Canonical.query(Canonical.parseQuery("lifecycle", 10), null));
    assertEquals("a=1&a=2&b=", Canonical.query(Canonical.parseQuery("b&a=2&a=1", 10), null));
    // AWS-WIRE §8: the CLI's and the SDK's encodings of "d e*~/é" are one canonical value.
    String cli = Canonical.query(Canonical.parseQuery("v=d+e%2A~%2F%C3%A9", 10), null);
    String sdk = Canonical.query(Canonical.parseQuery("v=d+e*%7E%2F%C3%A9", 10), null);
    assertEquals("v=d%20e%2A~%2F%C3%A9", cli);
    assertEquals(cli, sdk);
    assertEquals(List.of(), Canonical.parseQuery("", 10));
    assertEquals(null, Canonical.parseQuery("a=%zz", 10));
    assertEquals(null, Canonical.parseQuery("a=%4", 10));
    assertEquals(null, Canonical.parseQuery("a=1&b=2&c=3", 2));
    // The header value rule: trimmed, white-space runs collapsed, repeats joined with ','.
    StringBuilder out = new StringBuilder();
    Canonical.headerValue(List.of("  a   b\t c ", "d"), out);
    assertEquals("a b c,d", out.toString());
  }
}
