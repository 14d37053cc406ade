package io.iam4j.jacc;

import jakarta.security.jacc.PolicyConfiguration;
import jakarta.security.jacc.PolicyConfigurationFactory;
import jakarta.security.jacc.PolicyContext;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the server's default provider in unit tests: stores permissions per context, one
 * configuration object per context ID (as Payara's does), and no life cycle of its own.
 */
final class InMemoryPolicyConfigurationFactory extends PolicyConfigurationFactory {
  final Map<String, Stored> configurations = new ConcurrentHashMap<>();

  @Override
  public PolicyConfiguration getPolicyConfiguration(String contextID, boolean remove) {
    Stored s = configurations.computeIfAbsent(contextID, Stored::new);
    if (remove) {
      s.clear();
    }
    return s;
  }

  @Override
  public PolicyConfiguration getPolicyConfiguration(String contextID) {
    return configurations.get(contextID);
  }

  @Override
  public PolicyConfiguration getPolicyConfiguration() {
    return getPolicyConfiguration(PolicyContext.getContextID());
  }

  @Override
  public boolean inService(String contextID) {
    Stored s = configurations.get(contextID);
    return s != null && s.committed;
  }

  static final class Stored implements PolicyConfiguration {
    final String id;
    final Map<String, Permissions> roles = new HashMap<>();
    Permissions unchecked = new Permissions();
    Permissions excluded = new Permissions();
    PolicyConfiguration linked;
    boolean committed;
    boolean deleted;

    Stored(String id) {
      this.id = id;
    }

    void clear() {
      roles.clear();
      unchecked = new Permissions();
      excluded = new Permissions();
    }

    @Override public String getContextID() { return id; }
    @Override public void addToRole(String role, PermissionCollection p) { p.elements().asIterator().forEachRemaining(e -> addToRole(role, e)); }
    @Override public void addToRole(String role, Permission p) { roles.computeIfAbsent(role, r -> new Permissions()).add(p); }
    @Override public void addToUncheckedPolicy(PermissionCollection p) { p.elements().asIterator().forEachRemaining(unchecked::add); }
    @Override public void addToUncheckedPolicy(Permission p) { unchecked.add(p); }
    @Override public void addToExcludedPolicy(PermissionCollection p) { p.elements().asIterator().forEachRemaining(excluded::add); }
    @Override public void addToExcludedPolicy(Permission p) { excluded.add(p); }
    @Override public Map<String, PermissionCollection> getPerRolePermissions() { return Map.copyOf(roles); }
    @Override public PermissionCollection getUncheckedPermissions() { return unchecked; }
    @Override public PermissionCollection getExcludedPermissions() { return excluded; }
    @Override public void removeRole(String role) { if ("*".equals(role)) roles.clear(); else roles.remove(role); }
    @Override public void removeUncheckedPolicy() { unchecked = new Permissions(); }
    @Override public void removeExcludedPolicy() { excluded = new Permissions(); }
    @Override public void linkConfiguration(PolicyConfiguration link) { linked = link; }
    @Override public void delete() { clear(); deleted = true; committed = false; }
    @Override public void commit() { committed = true; }
    @Override public boolean inService() { return committed; }
  }
}
