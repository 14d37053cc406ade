package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample without a single declared {@code security-constraint}, iam4j deciding for the server.
 * Payara keeps a cache of what it believes no constraint covers and answers those requests without
 * asking any policy; an application with no constraint at all would have every request answered so.
 * iam4j must still decide every request: its routes and its default deny.
 */
@ExtendWith({ServerJdk.class, ArquillianExtension.class})
@RunAsClient
class UndeclaredConstraintsJaccIT {
  @ArquillianResource URL base;
  SampleClient client;

  @Deployment(testable = false)
  static WebArchive deployment() throws IOException {
    WebArchive war = ShrinkWrap.create(ZipImporter.class, "docs.war").importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
    String webXml;
    try (InputStream in = war.get("WEB-INF/web.xml").getAsset().openStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      webXml = out.toString(StandardCharsets.UTF_8);
    }
    String unconstrained = webXml.replaceAll("(?s)<security-constraint>.*?</security-constraint>", "");
    assertEquals(-1, unconstrained.indexOf("<security-constraint>"));
    war.delete("WEB-INF/web.xml");
    return war.setWebXML(new StringAsset(unconstrained));
  }

  @BeforeEach
  void client() {
    client = new SampleClient(base);
  }

  @Test
  void routeFileRoute_isStillDecidedByIam() {
    JaccIT.assertStatsRouteDecidedByIam(client);
  }

  @Test
  void pathNoRouteCovers_isStillDeniedByDefault() {
    assertStatus(403, client.get("/no-such-page.html", "carol@acme"));
    assertStatus(401, client.get("/no-such-page.html", null));
    // The admin pages lost their role constraint; the route file's IAM check remains.
    assertStatus(200, client.get("/admin/status", "carol@acme"));
    assertStatus(403, client.get("/admin/status", "hugo@acme"));
  }
}
