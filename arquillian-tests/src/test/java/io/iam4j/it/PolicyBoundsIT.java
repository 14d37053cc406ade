package io.iam4j.it;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PolicyBoundsAttacks} with the sample as it is: enforcement by iam4j's filter and interceptor. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PolicyBoundsIT extends PolicyBoundsAttacks {}
