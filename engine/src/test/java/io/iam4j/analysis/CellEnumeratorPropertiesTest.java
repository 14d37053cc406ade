package io.iam4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The base of the check's exactness, against the evaluator: an atom's automaton accepts exactly the
 * texts the evaluator's matcher accepts (globs as {@code StringLike}, literals as {@code StringEquals}
 * and {@code StringEqualsIgnoreCase}, ARN patterns as {@code Resource}), and the cell enumeration finds
 * a witness for every cell any text falls in.
 */
class CellEnumeratorPropertiesTest {

  @Provide
  Arbitrary<String> globs() {
    return Arbitraries.strings().withChars("ab:*?A").ofMinLength(0).ofMaxLength(5);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars("abcA:*").ofMinLength(0).ofMaxLength(7);
  }

  @Provide
  Arbitrary<String> arnPatterns() {
    Arbitrary<String> seg = Arbitraries.strings().withChars("ab*?").ofMaxLength(3);
    // The parser wants a partition, a service and a resource: each starts with a letter here.
    return Arbitraries.strings().withChars("ab*?:/").ofMaxLength(4).flatMap(res -> seg.list().ofSize(4)
        .map(s -> "arn:p" + s.get(0) + ":s" + s.get(1) + ":" + s.get(2) + ":" + s.get(3) + ":r" + res));
  }

  @Provide
  Arbitrary<String> arnTexts() {
    Arbitrary<String> seg = Arbitraries.strings().withChars("abc").ofMaxLength(2);
    return Arbitraries.strings().withChars("abc:/").ofMaxLength(4).flatMap(res -> seg.list().ofSize(4)
        .map(s -> "arn:p" + s.get(0) + ":s" + s.get(1) + ":" + s.get(2) + ":" + s.get(3) + ":r" + res));
  }

  @Provide
  Arbitrary<List<String>> textLists() {
    return texts().list().ofMaxSize(30);
  }

  static boolean condition(String operator, String value, String text) {
    String json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"" + operator + "\":{\"k\":" + jakarta.json.Json.createValue(value) + "}}}]}";
    Policy p = PolicyParser.standard().parse(json, PolicyType.IDENTITY, "p");
    AuthorizationRequest r = AuthorizationRequest.builder().caller(new Caller.User("arn:p:iam::t:user/u", "t", "u")).action("s:a")
        .context(RequestContext.builder().put("k", text).build()).build();
    return Evaluator.evaluate(PolicySet.builder().identity(p).build(), r).allowed();
  }

  static boolean resource(String pattern, String text) {
    String json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":"
        + jakarta.json.Json.createValue(pattern) + "}]}";
    Policy p = PolicyParser.standard().parse(json, PolicyType.IDENTITY, "p");
    AuthorizationRequest r = AuthorizationRequest.builder().caller(new Caller.User("arn:p:iam::t:user/u", "t", "u")).action("s:a")
        .resource(text).build();
    return Evaluator.evaluate(PolicySet.builder().identity(p).build(), r).allowed();
  }

  @Property(tries = 1000, seed = "20261207")
  void glob_acceptsWhatStringLikeAccepts(@ForAll("globs") String glob, @ForAll("texts") String text) {
    Nfa n = Nfa.glob(PolicyText.tokens(glob, true, true, Map.of()));
    assertEquals(condition("StringLike", glob, text), n.accepts(text), glob + " ~ " + text);
  }

  @Property(tries = 1000, seed = "20261207")
  void literal_acceptsWhatStringEqualsAccepts(@ForAll("globs") String literal, @ForAll("texts") String text) {
    assertEquals(condition("StringEquals", literal, text), Nfa.glob(PolicyText.tokens(literal, true, false, Map.of())).accepts(text));
    assertEquals(condition("StringEqualsIgnoreCase", literal, text), Nfa.literal(literal, true).accepts(text));
  }

  @Property(tries = 1000, seed = "20261207")
  void arn_acceptsWhatResourceAccepts(@ForAll("arnPatterns") String pattern, @ForAll("arnTexts") String text) {
    List<String> parts = io.iam4j.policy.ArnSplitter.split(pattern, true);
    List<List<Integer>> tokens = new ArrayList<>();
    tokens.add(List.of());
    for (int i = 1; i < 6; i++) {
      tokens.add(PolicyText.tokens(parts.get(i), true, true, Map.of()));
    }
    assertEquals(resource(pattern, text), Nfa.arn(tokens).accepts(text), pattern + " ~ " + text);
  }

  @Property(tries = 300, seed = "20261207")
  void enumerate_everyCellAnyTextFallsInHasAWitness(@ForAll("globs") String a, @ForAll("globs") String b, @ForAll("globs") String c,
      @ForAll("textLists") List<String> probes) {
    List<Nfa> atoms = List.of(Nfa.glob(PolicyText.tokens(a, true, true, Map.of())), Nfa.glob(PolicyText.tokens(b, true, true, Map.of())),
        Nfa.literal(c, true));
    CellEnumerator.Cells cells = CellEnumerator.enumerate(atoms, false, 100_000);
    assertTrue(cells.complete());
    Set<BitSet> found = new HashSet<>();
    for (String w : cells.witnesses()) {
      assertTrue(found.add(vector(atoms, w)), "one witness per cell");
    }
    for (String p : probes) {
      assertTrue(found.contains(vector(atoms, p)), () -> "no witness for the cell of \"" + p + "\" among " + cells.witnesses());
    }
  }

  static BitSet vector(List<Nfa> atoms, String text) {
    BitSet v = new BitSet();
    for (int i = 0; i < atoms.size(); i++) {
      if (atoms.get(i).accepts(text)) {
        v.set(i);
      }
    }
    return v;
  }
}
