package io.iam4j.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.cache.DecisionCache;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every simulation case of the project's corpus ({@code src/test/resources/simulation}) and the
 * shared examples ({@code ../shared/conformance/examples}, when the checkout has them beside it),
 * one dynamic test per request, named after the file and the case's description.
 */
class SimulationCorpusTest {

  private static final Path CORPUS = Paths.get("src/test/resources/simulation");
  private static final Path SHARED = Paths.get("../../shared/conformance/examples");

  @Test
  void corpus_isLargeEnough() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      assertTrue(files.filter(f -> f.toString().endsWith(".json")).count() >= 80, "at least 80 simulation cases");
    }
  }

  @TestFactory
  Stream<DynamicNode> projectCorpus() throws IOException {
    return cases(CORPUS);
  }

  @TestFactory
  Stream<DynamicNode> sharedExamples() throws IOException {
    if (!Files.isDirectory(SHARED)) {
      return Stream.empty();
    }
    return cases(SHARED);
  }

  private static Stream<DynamicNode> cases(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    return files.stream().map(SimulationCorpusTest::container);
  }

  private static DynamicNode container(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String name = file.getFileName().toString();
    boolean invalid = text.contains("\"expectedInvalid\": true") || text.contains("\"expectedInvalid\":true");
    if (invalid) {
      return DynamicTest.dynamicTest(name + ": refused as invalid", file.toUri(), () -> {
        PolicyException e = assertThrows(PolicyException.class,
            () -> SimulationCase.read(text, name, PolicyParser.standard()));
        assertTrue(e.problems().stream().allMatch(p -> p.pointer().startsWith("/policies/")),
            "every problem is located inside /policies: " + e.problems());
      });
    }
    SimulationCase c = SimulationCase.read(text, name, PolicyParser.standard());
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < c.requests().size(); i++) {
      int n = i;
      Outcome want = c.expected().get(i);
      tests.add(DynamicTest.dynamicTest("request " + n + ": " + c.requests().get(n).action() + " -> " + want, () -> {
        assertNotNull(want, "request " + n + " has an expected decision");
        Decision d = Evaluator.evaluate(c.policies(), c.requests().get(n));
        assertEquals(want, d.outcome(), () -> c.description() + "\n" + d);
        // The cache must be invisible: a miss and then a hit give the same decision.
        DecisionCache cache = new DecisionCache(100);
        assertEquals(d.outcome(), cache.decide("t", 1, c.policies(), null, c.requests().get(n)).decision().outcome());
        assertEquals(d.outcome(), cache.decide("t", 1, c.policies(), null, c.requests().get(n)).decision().outcome());
      }));
    }
    return DynamicContainer.dynamicContainer(name + ": " + c.description(), file.toUri(), tests.stream());
  }
}
