package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.ArnSplitter;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The uncached decision's allocation-free paths give the answers of the plain ones they replace:
 * ARN segments matched in place (not cut into substrings), the resource index (the resource gate
 * for all statements at once), IPv4 addresses read into a number, single context values kept as a
 * String, the request context's index, and the per-thread candidate bit sets.
 */
class InPlaceMatchingTest {

  // ---- ARN segments in place ----

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of("arn", ":", "a", "b", "*", "/", "arn:", "aws", "::", "x:y").list().ofMaxSize(8).map(l -> String.join("", l));
  }

  /** Where the colons are is exactly where ArnSplitter splits a value (without policy variables). */
  @Property(tries = 2000)
  void arnBounds_agreeWithTheSplitter(@ForAll("texts") String value) {
    List<String> parts = ArnSplitter.split(value, false);
    boolean arn = parts.size() == 6 && parts.get(0).equals("arn") && value.startsWith("arn:");
    int[] b = ArnMatcher.bounds(value);
    if (!arn) {
      assertNull(b, value);
      return;
    }
    assertEquals(parts.get(1), value.substring(4, b[0]));
    assertEquals(parts.get(2), value.substring(b[0] + 1, b[1]));
    assertEquals(parts.get(3), value.substring(b[1] + 1, b[2]));
    assertEquals(parts.get(4), value.substring(b[2] + 1, b[3]));
    assertEquals(parts.get(5), value.substring(b[3] + 1));
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.of("a", "b", "ab", "*", "?", "**", "a?", "*b").list().ofMaxSize(6).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.of("a", "b", "ab", "ba", "aab", "").list().ofMaxSize(6).map(l -> String.join("", l));
  }

  /** A region matches exactly when the same text on its own does, whatever surrounds it. */
  @Property(tries = 2000)
  void glob_region_matchesAsTheSubstring(@ForAll("patterns") String pattern, @ForAll("words") String text,
      @ForAll("words") String before, @ForAll("words") String after) {
    String encoded = Glob.encode(pattern);
    Glob g = Glob.compile(encoded, false);
    String padded = before + text + after;
    int from = before.length();
    int end = from + text.length();
    assertEquals(g.matches(text), g.matches(padded, from, end), () -> pattern + " on " + text + " in " + padded);
    assertEquals(Glob.matches(encoded, text, false), Glob.matches(encoded, padded, from, end, false));
    assertEquals(g.matches(text), Glob.matches(encoded, padded, from, end, false));
  }

  // ---- the resource index ----

  @Provide
  Arbitrary<List<List<String>>> gates() {
    // "Aa" and "BB" share a hash code: the index must still tell them apart.
    Arbitrary<String> prefix = Arbitraries.of("Aa", "BB", "a", "b/", "Aa/", "BB/", "x").list().ofMinSize(1).ofMaxSize(3)
        .map(l -> String.join("", l));
    Arbitrary<List<String>> gate = prefix.list().ofMinSize(1).ofMaxSize(3).injectNull(0.2);
    return gate.list().ofMaxSize(150);
  }

  @Provide
  Arbitrary<String> segmentsToLookUp() {
    return Arbitraries.of("Aa", "BB", "a", "b/", "/", "x", "c").list().ofMaxSize(6).map(l -> String.join("", l));
  }

  /** The index names exactly the statements whose gate lets the segment through (none hidden, none added). */
  @Property(tries = 1000)
  void resourceIndex_isTheGateOfEveryStatement(@ForAll("gates") List<List<String>> gates, @ForAll("segmentsToLookUp") String segment,
      @ForAll @IntRange(max = 5) int offset) {
    String[][] g = new String[gates.size()][];
    for (int i = 0; i < g.length; i++) {
      g[i] = gates.get(i) == null ? null : gates.get(i).toArray(new String[0]);
    }
    ResourceIndex index = ResourceIndex.of(g);
    long[] mask = new long[(g.length + 63) / 64 + 1];
    String text = "arn:x".substring(0, offset) + segment;
    index.collect(text, offset, mask);
    for (int seq = 0; seq < g.length; seq++) {
      boolean expected = g[seq] == null;
      for (int k = 0; !expected && k < g[seq].length; k++) {
        expected = segment.startsWith(g[seq][k]);
      }
      boolean got = (mask[seq >>> 6] & (1L << seq)) != 0;
      assertEquals(expected, got, "statement " + seq + " " + gates.get(seq) + " for " + segment);
    }
    assertEquals(0, mask[mask.length - 1], "nothing beyond the statements");
  }

  @Provide
  Arbitrary<List<List<String>>> statementResources() {
    return Arbitraries.of("arn:aws:s3:::a/*", "arn:aws:s3:::a/b", "arn:aws:s3:::b*", "arn:aws:s3:::home/${aws:username}/*",
        "arn:aws:s3:::*", "*", "arn:aws:s3:::a?", "arn:aws:s3:us-*:*:a/*", "arn:aws:dynamodb:*:111122223333:table/a")
        .list().ofMinSize(1).ofMaxSize(2).list().ofMinSize(1).ofMaxSize(7);
  }

  @Provide
  Arbitrary<String> resources() {
    return Arbitraries.of("arn:aws:s3:::a/b", "arn:aws:s3:::a/", "arn:aws:s3:::b", "arn:aws:s3:::home/alice/x", "arn:aws:s3:::home/bob/x",
        "arn:aws:s3:us-east-1:1:a/b", "arn:aws:dynamodb:us-east-1:111122223333:table/a", "*", "arn:aws:s3:::ab", "a/b",
        "arn:aws:s3::a/b");
  }

  /**
   * A group of more than 64 statements (several words of candidates) decides as visiting every
   * statement in document order would: same allows and denies, same order.
   */
  @Property(tries = 150)
  void group_withIndexes_findsWhatEveryStatementFinds(@ForAll("statementResources") List<List<String>> perStatement,
      @ForAll("resources") String resource, @ForAll @IntRange(min = 60, max = 140) int count) {
    StringBuilder json = new StringBuilder("{\"Version\": \"2012-10-17\", \"Statement\": [");
    for (int i = 0; i < count; i++) {
      List<String> rs = perStatement.get(i % perStatement.size());
      String key = i % 3 == 2 ? "NotResource" : "Resource";
      String action = i % 4 == 0 ? "s3:Get*" : i % 4 == 1 ? "*" : i % 4 == 2 ? "s3:GetObject" : "dynamodb:*";
      json.append(i == 0 ? "" : ",").append("{\"Effect\": \"").append(i % 7 == 6 ? "Deny" : "Allow").append("\", \"Action\": \"")
          .append(action).append("\", \"").append(key).append("\": [")
          .append(String.join(",", rs.stream().map(r -> '"' + r + '"').toList())).append("]}");
    }
    Policy p = Fixtures.identity(json.append("]}").toString());
    PolicyGroup group = new PolicyGroup(PolicyType.IDENTITY, List.of(p));
    AuthorizationRequest request = Fixtures.request(Fixtures.alice(), "s3:GetObject", resource, Fixtures.ctx("aws:username", "alice"));
    EvalState st = new EvalState(request, false);
    PolicyGroup.Matches indexed = new PolicyGroup.Matches();
    group.evaluate(st, indexed);
    st.release();

    List<StatementRef> allows = new ArrayList<>();
    List<StatementRef> denies = new ArrayList<>();
    EvalState plain = new EvalState(request, false);
    for (int i = 0; i < group.size(); i++) {
      CompiledStatement s = group.statement(i);
      if (s.matches(plain)) {
        (s.deny ? denies : allows).add(s.ref);
      }
    }
    assertEquals(allows, indexed.allowList());
    assertEquals(denies, indexed.denyList());
  }

  // ---- IPv4 as a number ----

  @Property(tries = 2000)
  void ipv4_asNumber_isTheAddressBytes(@ForAll @IntRange(max = 300) int a, @ForAll @IntRange(max = 300) int b,
      @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d, @ForAll @IntRange(max = 32) int prefix,
      @ForAll @IntRange(max = 255) int n0, @ForAll @IntRange(max = 255) int n1) {
    String text = a + "." + b + "." + c + "." + d;
    byte[] bytes = Values.ip(text);
    long v = Values.ipv4(text);
    if (bytes == null) {
      assertEquals(-1, v, text);
      return;
    }
    assertEquals(((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d, v);
    Values.Cidr cidr = Values.Cidr.parse(n0 + "." + n1 + "." + c + ".0/" + prefix);
    assertEquals(cidr.contains(bytes), cidr.contains((int) v), () -> text + " in " + cidr.network()[0] + "/" + prefix);
  }

  @Test
  void ipv4_notIpv4_isMinusOne_andIpv6NeverContainsIt() {
    assertEquals(-1, Values.ipv4("2001:db8::1"));
    assertEquals(-1, Values.ipv4("1.2.3.4.5"));
    assertEquals(-1, Values.ipv4("1111.2.3.4"));
    assertTrue(!Values.Cidr.parse("2001:db8::/32").contains((int) Values.ipv4("10.0.0.1")));
    assertTrue(Values.Cidr.parse("0.0.0.0/0").contains((int) Values.ipv4("255.255.255.255")));
  }

  // ---- single context values ----

  @Test
  void contextValue_single_equalsAndHashesAsItsValues() {
    ContextValue one = ContextValue.of("x");
    assertEquals(one, new ContextValue(List.of("x"), false));
    assertEquals(one.hashCode(), new ContextValue(List.of("x"), false).hashCode());
    assertEquals(List.of("x"), one.values());
    assertEquals("x", one.single());
    assertNotEquals(one, ContextValue.ofSet(List.of("x")), "a set of one is not a single value");
    assertNull(ContextValue.ofSet(List.of("x")).single());
    assertEquals(ContextValue.ofSet(List.of("a", "b")), new ContextValue(List.of("a", "b"), true));
    assertEquals(ContextValue.ofSet(List.of()).hashCode(), new ContextValue(List.of(), true).hashCode());
    assertEquals("ContextValue[values=[x], multiValued=false]", one.toString());
  }

  // ---- the request context's index ----

  /** Past the scan limit the context uses an index: every key is still found in any case, later values replace earlier ones. */
  @Test
  void requestContext_manyKeys_foundThroughTheIndex() {
    RequestContext.Builder b = RequestContext.builder();
    int n = RequestContext.SCAN_MAX * 3;
    for (int i = 0; i < n; i++) {
      b.put("k:Key" + i, "v" + i);
    }
    b.put("K:KEY5", "replaced");
    RequestContext ctx = b.build();
    for (int i = 0; i < n; i++) {
      assertEquals(i == 5 ? "replaced" : "v" + i, ctx.get("k:key" + i).single());
    }
    assertNull(ctx.get("k:key" + n));
    assertEquals(n, ctx.asMap().size());
    assertEquals("K:KEY5", List.copyOf(ctx.asMap().keySet()).get(n - 1), "the replaced key moves to the end, spelled as given last");
  }

  // ---- the per-thread scratch ----

  @Test
  void scratch_isNeverShared_betweenEvaluationsOnOneThread() {
    long[][] first = EvalState.Scratch.acquire();
    long[][] nested = EvalState.Scratch.acquire();
    assertNotSame(first, nested, "an evaluation started while another holds the thread's scratch gets its own");
    EvalState.Scratch.release(nested);
    EvalState.Scratch.release(first);
    long[][] again = EvalState.Scratch.acquire();
    assertSame(first, again, "given back, it is reused");
    again = EvalState.Scratch.ensure(again, 3);
    assertSame(first, again, "grown in place");
    again[0][2] = -1;
    again[1][1] = -1;
    EvalState.Scratch.release(again);
    long[][] next = EvalState.Scratch.ensure(EvalState.Scratch.acquire(), 3);
    assertSame(first, next);
    assertEquals(0, next[0][2], "handed out zeroed");
    assertEquals(0, next[1][1], "handed out zeroed");
    long[][] huge = EvalState.Scratch.ensure(next, EvalState.Scratch.MAX_KEPT_WORDS + 1);
    assertNotSame(first, huge, "a huge group's sets are not kept by the thread");
    assertSame(first, EvalState.Scratch.acquire(), "and the thread's own pair was given back");
    EvalState.Scratch.release(first);
  }

  /** An evaluation gives the thread's scratch back when it ends: the next one (or anything else) gets the same pair. */
  @Test
  void evaluator_givesTheScratchBack() {
    Policy p = Fixtures.identity("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
        + "\"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::a/*\"}]}");
    PolicySet set = PolicySet.builder().identity(p).build();
    long[][] own = EvalState.Scratch.acquire();
    EvalState.Scratch.release(own);
    assertTrue(Evaluator.evaluate(set, Fixtures.request(Fixtures.alice(), "s3:GetObject", "arn:aws:s3:::a/x")).allowed());
    assertTrue(!Evaluator.evaluate(set, Fixtures.request(Fixtures.alice(), "s3:GetObject", "arn:aws:s3:::b/x")).allowed());
    long[][] after = EvalState.Scratch.acquire();
    assertSame(own, after, "not left marked in use");
    EvalState.Scratch.release(after);
  }
}
