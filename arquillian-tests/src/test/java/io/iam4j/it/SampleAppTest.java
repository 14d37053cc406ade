package io.iam4j.it;

import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample war in a real Payara Micro (which one, 7 or 6, plain or with iam4j deciding for the
 * server, the failsafe execution decides), spoken to from outside over real HTTP.
 */
@ExtendWith({ServerJdk.class, ArquillianExtension.class})
@RunAsClient
abstract class SampleAppTest {
  @ArquillianResource URL base;
  SampleClient client;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.create(ZipImporter.class, "docs.war").importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
  }

  @BeforeEach
  void client() {
    client = new SampleClient(base);
  }
}
