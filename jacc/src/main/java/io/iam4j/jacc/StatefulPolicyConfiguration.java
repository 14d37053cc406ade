package io.iam4j.jacc;

import jakarta.security.jacc.PolicyConfiguration;
import jakarta.security.jacc.PolicyContextException;
import java.security.Permission;
import java.security.PermissionCollection;
import java.util.Map;

/**
 * Keeps the Jakarta Authorization life cycle of a policy configuration — open, in service, deleted —
 * apart from where its permissions are stored (the delegate). Thread-safe.
 *
 * <p>The spec's rules: permissions are added and removed only while open; {@code commit} puts an
 * open configuration in service; {@code delete} empties it and makes it deleted from any state; a
 * deleted configuration cannot be committed or linked; getting it again from the factory opens it.
 */
final class StatefulPolicyConfiguration implements PolicyConfiguration {
  enum State { OPEN, IN_SERVICE, DELETED }

  private final PolicyConfiguration delegate;
  private volatile State state = State.OPEN;

  StatefulPolicyConfiguration(PolicyConfiguration delegate) {
    this.delegate = delegate;
  }

  State state() {
    return state;
  }

  PolicyConfiguration delegate() {
    return delegate;
  }

  /** The factory handed this configuration out again: it is open (the delegate emptied it if asked). */
  synchronized void open() {
    state = State.OPEN;
  }

  private void requireOpen(String operation) {
    if (state != State.OPEN) {
      throw new UnsupportedOperationException(operation + " needs an open policy configuration; this one is " + state);
    }
  }

  @Override
  public String getContextID() throws PolicyContextException {
    return delegate.getContextID();
  }

  @Override
  public synchronized void addToRole(String role, PermissionCollection permissions) throws PolicyContextException {
    requireOpen("addToRole");
    delegate.addToRole(role, permissions);
  }

  @Override
  public synchronized void addToRole(String role, Permission permission) throws PolicyContextException {
    requireOpen("addToRole");
    delegate.addToRole(role, permission);
  }

  @Override
  public synchronized void addToUncheckedPolicy(PermissionCollection permissions) throws PolicyContextException {
    requireOpen("addToUncheckedPolicy");
    delegate.addToUncheckedPolicy(permissions);
  }

  @Override
  public synchronized void addToUncheckedPolicy(Permission permission) throws PolicyContextException {
    requireOpen("addToUncheckedPolicy");
    delegate.addToUncheckedPolicy(permission);
  }

  @Override
  public synchronized void addToExcludedPolicy(PermissionCollection permissions) throws PolicyContextException {
    requireOpen("addToExcludedPolicy");
    delegate.addToExcludedPolicy(permissions);
  }

  @Override
  public synchronized void addToExcludedPolicy(Permission permission) throws PolicyContextException {
    requireOpen("addToExcludedPolicy");
    delegate.addToExcludedPolicy(permission);
  }

  @Override
  public Map<String, PermissionCollection> getPerRolePermissions() {
    return delegate.getPerRolePermissions();
  }

  @Override
  public PermissionCollection getUncheckedPermissions() {
    return delegate.getUncheckedPermissions();
  }

  @Override
  public PermissionCollection getExcludedPermissions() {
    return delegate.getExcludedPermissions();
  }

  @Override
  public synchronized void removeRole(String role) throws PolicyContextException {
    requireOpen("removeRole");
    delegate.removeRole(role);
  }

  @Override
  public synchronized void removeUncheckedPolicy() throws PolicyContextException {
    requireOpen("removeUncheckedPolicy");
    delegate.removeUncheckedPolicy();
  }

  @Override
  public synchronized void removeExcludedPolicy() throws PolicyContextException {
    requireOpen("removeExcludedPolicy");
    delegate.removeExcludedPolicy();
  }

  @Override
  public synchronized void linkConfiguration(PolicyConfiguration link) throws PolicyContextException {
    requireOpen("linkConfiguration");
    if (link == this || link == delegate || link.getContextID().equals(getContextID())) {
      throw new IllegalArgumentException("A policy configuration cannot be linked to itself");
    }
    delegate.linkConfiguration(link instanceof StatefulPolicyConfiguration s ? s.delegate : link);
  }

  @Override
  public synchronized void delete() throws PolicyContextException {
    delegate.delete();
    state = State.DELETED;
  }

  @Override
  public synchronized void commit() throws PolicyContextException {
    if (state == State.DELETED) {
      throw new UnsupportedOperationException("A deleted policy configuration cannot be committed");
    }
    if (state == State.OPEN) {
      delegate.commit();
      state = State.IN_SERVICE;
    }
  }

  @Override
  public boolean inService() {
    return state == State.IN_SERVICE;
  }
}
