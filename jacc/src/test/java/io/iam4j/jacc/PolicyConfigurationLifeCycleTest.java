package io.iam4j.jacc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.jacc.PolicyConfiguration;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The policy configuration life cycle of Jakarta Authorization 2.1 (section 3.1.1.1, the
 * PolicyConfiguration state table): open, in service, deleted, and which methods each state allows.
 * The storage itself is the delegate's; these tests are about the states this provider keeps.
 */
class PolicyConfigurationLifeCycleTest {
  static final String APP = "docs/docs";

  InMemoryPolicyConfigurationFactory server;
  Iam4jPolicyConfigurationFactory factory;

  @BeforeEach
  void setUp() {
    server = new InMemoryPolicyConfigurationFactory();
    factory = new Iam4jPolicyConfigurationFactory(server);
  }

  static WebResourcePermission admin() {
    return new WebResourcePermission("/admin/*", "GET");
  }

  static java.security.Permissions adminCollection() {
    java.security.Permissions ps = new java.security.Permissions();
    ps.add(admin());
    return ps;
  }

  /** Every method that changes the policy statements, which only an open configuration accepts. */
  Executable[] writes(PolicyConfiguration c) {
    return new Executable[] {
        () -> c.addToRole("SysAdmins", admin()),
        () -> c.addToRole("SysAdmins", adminCollection()),
        () -> c.addToUncheckedPolicy(admin()),
        () -> c.addToUncheckedPolicy(adminCollection()),
        () -> c.addToExcludedPolicy(admin()),
        () -> c.addToExcludedPolicy(adminCollection()),
        () -> c.removeRole("SysAdmins"),
        () -> c.removeUncheckedPolicy(),
        () -> c.removeExcludedPolicy(),
        () -> c.linkConfiguration(factory.getPolicyConfiguration("other/other", false)),
    };
  }

  @Test
  void getPolicyConfiguration_returnsAnOpenConfiguration_notInService() throws Throwable {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    assertEquals(APP, c.getContextID());
    assertFalse(c.inService());
    assertFalse(factory.inService(APP));
    for (Executable w : writes(c)) {
      w.execute(); // all allowed while open
    }
  }

  @Test
  void commit_putsAnOpenConfigurationInService_andItIsStoredByTheDelegate() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    c.addToRole("SysAdmins", admin());
    c.commit();
    assertTrue(c.inService());
    assertTrue(factory.inService(APP));
    assertTrue(server.inService(APP), "the delegate was committed too");
    assertTrue(c.getPerRolePermissions().get("SysAdmins").implies(admin()));
  }

  @Test
  void inService_refusesEveryChange_withUnsupportedOperationException() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    c.commit();
    for (Executable w : writes(c)) {
      assertThrows(UnsupportedOperationException.class, w);
    }
    c.commit(); // committing an in-service configuration has no effect
    assertTrue(c.inService());
  }

  @Test
  void getPolicyConfiguration_ofAnInServiceConfiguration_opensItAgain() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    c.addToRole("SysAdmins", admin());
    c.commit();
    PolicyConfiguration again = factory.getPolicyConfiguration(APP, false);
    assertSame(c, again);
    assertFalse(again.inService());
    again.addToRole("Auditors", admin()); // open again
    assertTrue(again.getPerRolePermissions().containsKey("SysAdmins"), "remove=false keeps the statements");
  }

  @Test
  void getPolicyConfiguration_withRemove_emptiesTheStatements() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    c.addToRole("SysAdmins", admin());
    c.addToExcludedPolicy(new WebResourcePermission("/secret/*", (String) null));
    c.commit();
    PolicyConfiguration fresh = factory.getPolicyConfiguration(APP, true);
    assertEquals(Collections.emptyMap(), fresh.getPerRolePermissions());
    assertFalse(fresh.getExcludedPermissions().elements().hasMoreElements());
  }

  @Test
  void delete_fromAnyState_leavesItDeleted_whichRefusesCommitAndChanges() throws Exception {
    PolicyConfiguration open = factory.getPolicyConfiguration(APP, false);
    open.addToRole("SysAdmins", admin());
    open.delete();
    assertFalse(open.inService());
    assertThrows(UnsupportedOperationException.class, open::commit);
    for (Executable w : writes(open)) {
      assertThrows(UnsupportedOperationException.class, w);
    }
    assertTrue(server.configurations.get(APP).deleted, "the delegate dropped the statements");

    PolicyConfiguration inService = factory.getPolicyConfiguration("reports/reports", false);
    inService.commit();
    inService.delete();
    assertFalse(inService.inService());
    assertFalse(factory.inService("reports/reports"));
    inService.delete(); // deleting a deleted configuration is allowed
  }

  @Test
  void getPolicyConfiguration_ofADeletedConfiguration_isOpenAgain() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    c.delete();
    PolicyConfiguration again = factory.getPolicyConfiguration(APP, false);
    assertNotSame(c, again, "a deleted configuration stays deleted; the factory hands out a new open one");
    assertFalse(again.inService());
    again.addToRole("SysAdmins", admin());
    again.commit();
    assertTrue(factory.inService(APP));
  }

  @Test
  void getContextID_andReads_workInEveryState() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    c.commit();
    assertEquals(APP, c.getContextID());
    c.getPerRolePermissions();
    c.getUncheckedPermissions();
    c.getExcludedPermissions();
    c.delete();
    assertEquals(APP, c.getContextID());
  }

  @Test
  void linkConfiguration_linksTheDelegates_andRefusesItself() throws Exception {
    PolicyConfiguration web = factory.getPolicyConfiguration(APP, false);
    PolicyConfiguration ejb = factory.getPolicyConfiguration("docs/ejb", false);
    web.linkConfiguration(ejb);
    assertSame(server.configurations.get("docs/ejb"), server.configurations.get(APP).linked,
        "the server's configurations are linked, not our wrappers");
    assertThrows(IllegalArgumentException.class, () -> web.linkConfiguration(web));
  }

  @Test
  void getPolicyConfiguration_withoutOpening_doesNotChangeTheState() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    c.commit();
    assertSame(c, factory.getPolicyConfiguration(APP));
    assertTrue(c.inService(), "the JACC 2.1 lookup by ID does not reopen");
  }

  @Test
  void roleRefPermissions_arePassedToTheDelegateUnchanged() throws Exception {
    PolicyConfiguration c = factory.getPolicyConfiguration(APP, false);
    WebRoleRefPermission ref = new WebRoleRefPermission("", "Auditors");
    c.addToRole("Auditors", ref);
    assertTrue(server.configurations.get(APP).roles.get("Auditors").implies(ref));
  }
}
