package io.iam4j.jakarta.authorization;

import jakarta.security.jacc.PolicyConfiguration;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.util.HashMap;
import java.util.Map;

/** A policy configuration as a server fills it from declared constraints, for tests. */
final class DeclaredConstraints implements PolicyConfiguration {
  private final Permissions excluded = new Permissions();
  private final Permissions unchecked = new Permissions();
  private final Map<String, PermissionCollection> perRole = new HashMap<>();

  DeclaredConstraints exclude(Permission p) {
    excluded.add(p);
    return this;
  }

  DeclaredConstraints uncheck(Permission p) {
    unchecked.add(p);
    return this;
  }

  DeclaredConstraints grant(String role, Permission p) {
    perRole.computeIfAbsent(role, r -> new Permissions()).add(p);
    return this;
  }

  @Override public String getContextID() { return "docs/docs_war"; }
  @Override public void addToRole(String role, Permission permission) { grant(role, permission); }
  @Override public void addToUncheckedPolicy(Permission permission) { uncheck(permission); }
  @Override public void addToExcludedPolicy(Permission permission) { exclude(permission); }
  @Override public Map<String, PermissionCollection> getPerRolePermissions() { return perRole; }
  @Override public PermissionCollection getUncheckedPermissions() { return unchecked; }
  @Override public PermissionCollection getExcludedPermissions() { return excluded; }
  @Override public void removeRole(String role) { perRole.remove(role); }
  @Override public void removeUncheckedPolicy() { throw new UnsupportedOperationException(); }
  @Override public void removeExcludedPolicy() { throw new UnsupportedOperationException(); }
  @Override public void linkConfiguration(PolicyConfiguration link) { throw new UnsupportedOperationException(); }
  @Override public void delete() { throw new UnsupportedOperationException(); }
}
