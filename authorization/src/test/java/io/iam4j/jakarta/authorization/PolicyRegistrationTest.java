package io.iam4j.jakarta.authorization;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.jacc.EJBMethodPermission;
import jakarta.security.jacc.PolicyConfiguration;
import jakarta.security.jacc.PolicyConfigurationFactory;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebUserDataPermission;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyRegistrationTest {
  /** The server's configurations as Payara Micro 7 keeps them for the sample: a web module and its internal bean module. */
  private static final Map<String, PolicyConfiguration> SERVER = Map.of(
      "docs/docs", new DeclaredConstraints()
          .grant("SysAdmins@acme", new WebResourcePermission("/admin/*", (String) null))
          .uncheck(new WebUserDataPermission("/", null)),
      "docs/docs_internal", new DeclaredConstraints()
          .grant("Auditors@acme", new EJBMethodPermission("AuditorsResource", "bucketCount,Local,java.lang.String")),
      "docs/empty", new DeclaredConstraints());

  private static final PolicyConfigurationFactory FACTORY = new PolicyConfigurationFactory() {
    @Override public PolicyConfiguration getPolicyConfiguration(String id, boolean remove) { throw new UnsupportedOperationException(); }
    @Override public PolicyConfiguration getPolicyConfiguration(String id) {
      PolicyConfiguration c = SERVER.get(id);
      if (c == null) {
        throw new NullPointerException("no configuration " + id); // as Exousia's factory does for an unknown identifier
      }
      return c;
    }
    @Override public PolicyConfiguration getPolicyConfiguration() { throw new UnsupportedOperationException(); }
    @Override public boolean inService(String id) { return SERVER.containsKey(id); }
  };

  @Test
  void webModule_isTheContextHoldingWebPermissions() {
    assertTrue(PolicyRegistration.webModule(FACTORY, "docs/docs"));
  }

  @Test
  void beanModule_emptyAndUnknownContexts_areNotTheWebModule() {
    assertFalse(PolicyRegistration.webModule(FACTORY, "docs/docs_internal"), "the thread's identifier on Payara Micro 7.2026.11");
    assertFalse(PolicyRegistration.webModule(FACTORY, "docs/empty"));
    assertFalse(PolicyRegistration.webModule(FACTORY, "server /docs"), "a factory that throws for an unknown identifier");
  }
}
