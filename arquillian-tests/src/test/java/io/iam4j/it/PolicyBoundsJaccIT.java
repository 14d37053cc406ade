package io.iam4j.it;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PolicyBoundsAttacks} with iam4j's Jakarta Authorization provider installed in Payara Micro. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PolicyBoundsJaccIT extends PolicyBoundsAttacks {}
