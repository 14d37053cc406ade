package com.example.invoices.it.sink;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditSink;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A team's own audit sink, replacing iam4j's trail the standard CDI way (added to the test
 * deployment only): it keeps the decisions it is told about, newest last, at most 1,000.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class RecordingAuditSink implements AuditSink {
  private final List<String> decisions = new ArrayList<>();

  @Override
  public synchronized void record(AuditEvent event) {
    if (event instanceof AuditEvent.DecisionEvent d) {
      if (decisions.size() == 1000) {
        decisions.remove(0);
      }
      decisions.add(d.principal() + " " + d.action() + " " + d.resource() + " " + d.decision().json());
    }
  }

  public synchronized List<String> decisions() {
    return List.copyOf(decisions);
  }
}
