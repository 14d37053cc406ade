package io.iam4j.shadow;

import io.iam4j.eval.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * One request the draft answers differently, with both answers and the statements behind them
 * ({@code POLICY#SID}, or {@code POLICY#INDEX} without a Sid).
 */
public record ShadowExample(Instant time, String principal, String action, String resource, ShadowResult result,
    Outcome live, List<String> liveStatements, Outcome shadow, List<String> shadowStatements) {
  public ShadowExample {
    liveStatements = List.copyOf(liveStatements);
    shadowStatements = List.copyOf(shadowStatements);
  }
}
