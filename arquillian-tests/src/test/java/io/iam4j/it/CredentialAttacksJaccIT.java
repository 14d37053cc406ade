package io.iam4j.it;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link CredentialAttacks} against the sample with iam4j's Jakarta Authorization provider installed in the server. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CredentialAttacksJaccIT extends CredentialAttacks {}
