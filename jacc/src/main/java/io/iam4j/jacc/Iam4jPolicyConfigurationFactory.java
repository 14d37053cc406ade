package io.iam4j.jacc;

import jakarta.security.jacc.PolicyConfiguration;
import jakarta.security.jacc.PolicyConfigurationFactory;
import jakarta.security.jacc.PolicyContext;
import jakarta.security.jacc.PolicyContextException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * iam4j's Jakarta Authorization factory. Storage of declared permissions is delegated to the
 * server's default provider (on Payara Micro, {@code fish.payara.security.jacc.provider.
 * PolicyConfigurationFactoryImpl}; elsewhere the class named by {@value #DELEGATE_PROPERTY}), so
 * declared constraints keep their exact meaning; the life cycle of each configuration is kept here
 * ({@link StatefulPolicyConfiguration}).
 */
public class Iam4jPolicyConfigurationFactory extends PolicyConfigurationFactory {
  /** The server's default factory, which this one forwards to (Payara's). */
  public static final String DELEGATE = "fish.payara.security.jacc.provider.PolicyConfigurationFactoryImpl";
  /** System property naming another server's default factory class. */
  public static final String DELEGATE_PROPERTY = "iam4j.jacc.delegate.factory";

  private final PolicyConfigurationFactory delegate;
  private final Map<String, StatefulPolicyConfiguration> configurations = new ConcurrentHashMap<>();

  public Iam4jPolicyConfigurationFactory() {
    this(ServerClasses.newInstance(System.getProperty(DELEGATE_PROPERTY, DELEGATE), PolicyConfigurationFactory.class));
  }

  Iam4jPolicyConfigurationFactory(PolicyConfigurationFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public PolicyConfiguration getPolicyConfiguration(String contextID, boolean remove) throws PolicyContextException {
    PolicyConfiguration d = delegate.getPolicyConfiguration(contextID, remove);
    StatefulPolicyConfiguration c = configurations.compute(contextID,
        (id, existing) -> existing != null && existing.delegate() == d && existing.state() != StatefulPolicyConfiguration.State.DELETED
            ? existing : new StatefulPolicyConfiguration(d));
    c.open();
    return c;
  }

  @Override
  public PolicyConfiguration getPolicyConfiguration(String contextID) {
    StatefulPolicyConfiguration c = configurations.get(contextID);
    return c != null ? c : delegate.getPolicyConfiguration(contextID);
  }

  @Override
  public PolicyConfiguration getPolicyConfiguration() {
    return getPolicyConfiguration(PolicyContext.getContextID());
  }

  @Override
  public boolean inService(String contextID) throws PolicyContextException {
    StatefulPolicyConfiguration c = configurations.get(contextID);
    return c != null ? c.inService() : delegate.inService(contextID);
  }

  PolicyConfigurationFactory delegate() {
    return delegate;
  }
}
