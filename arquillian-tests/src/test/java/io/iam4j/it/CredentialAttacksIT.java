package io.iam4j.it;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link CredentialAttacks} against the sample with annotation enforcement (the filter and the interceptor). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CredentialAttacksIT extends CredentialAttacks {}
