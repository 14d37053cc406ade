package io.iam4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every adapter gives the scenario's expected decisions at both sizes: the benchmarks measure right answers. */
class EnginesTest {

  @TestFactory
  List<DynamicTest> decide_everyEngineAndSize_givesTheExpectedDecisions() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int size : new int[] {50, 500}) {
      Scenario scenario = ScenarioFactory.create(size);
      for (String name : Engines.NAMES) {
        for (Request r : scenario.requests()) {
          tests.add(DynamicTest.dynamicTest(name + " " + size + " " + r.kind(), () -> {
            if (name.equals("cedar")) {
              assumeCedarLoads();
            }
            Engine engine = Engines.create(name, scenario);
            assertEquals(r.expectedAllow(), engine.decide(r), name + " on " + r.kind());
            assertEquals(r.expectedAllow(), engine.decide(r), name + " on " + r.kind() + ", asked again");
          }));
        }
      }
    }
    return tests;
  }

  @Test
  void create_specialStatements_atTheSameRelativePositions() {
    assertEquals(39, ScenarioFactory.allowIndex(50));
    assertEquals(399, ScenarioFactory.allowIndex(500));
    for (int size : new int[] {50, 500}) {
      Scenario s = ScenarioFactory.create(size);
      assertEquals(10, s.policies().size());
      assertEquals(size, s.policies().stream().mapToInt(p -> p.statements().size()).sum());
      long denies = s.policies().stream().flatMap(p -> p.statements().stream()).filter(Scenario.Stmt::deny).count();
      assertEquals(1, denies, "one explicit deny");
      long s3 = s.policies().stream().flatMap(p -> p.statements().stream())
          .filter(st -> st.actions().get(0).startsWith("s3:")).count();
      assertTrue(s3 >= size / 4, "the implicitly denied action's service matches many statements: " + s3);
    }
  }

  /** Skips (with the reason) where cedar-java's native library cannot load, instead of failing the build. */
  static void assumeCedarLoads() {
    try {
      CedarEngine.checkNativeLibrary();
    } catch (IllegalStateException e) {
      Assumptions.abort("cedar skipped: " + e.getMessage());
    }
  }
}
