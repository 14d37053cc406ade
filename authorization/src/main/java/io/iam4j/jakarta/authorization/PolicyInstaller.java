package io.iam4j.jakarta.authorization;

import io.iam4j.IamException;
import io.iam4j.jakarta.jacc.RouteCatalog;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * At deployment, with {@code iam4j.authorization=policy}: collects the application's routes (its
 * {@code @IamAction} Jakarta REST methods, as the JACC 2.1 provider does) and has iam4j's Jakarta
 * Authorization 3.0 policy installed for the application's policy context once the application has
 * started ({@link PolicyRegistration}). Does nothing otherwise.
 *
 * <p>This class touches no Jakarta Authorization 3.0 type: a war carrying this jar deploys on an EE
 * 10 server (Authorization 2.1), where asking for the policy mode fails the deployment with a message
 * instead of a linkage error.
 */
@HandlesTypes({Path.class, ApplicationPath.class})
public class PolicyInstaller implements ServletContainerInitializer {
  /** A class that exists from Jakarta Authorization 3.0 on. */
  static final String AUTHORIZATION_3 = "jakarta.security.jacc.PolicyFactory";

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
    // A copy of this jar on the server's class path would see every application: only the copy
    // inside the application speaks for it.
    if (PolicyInstaller.class.getClassLoader() != ctx.getClassLoader()) {
      return;
    }
    AuthorizationMode mode = AuthorizationMode.of(ConfigProvider.getConfig().getOptionalValue(AuthorizationMode.PROPERTY, String.class));
    if (mode != AuthorizationMode.POLICY) {
      return;
    }
    if (!authorization3(ctx.getClassLoader())) {
      throw new IamException(AuthorizationMode.PROPERTY + "=policy needs Jakarta Authorization 3.0 (Jakarta EE 11, e.g. Payara Micro 7);"
          + " this server has an older version (no " + AUTHORIZATION_3 + "). On Jakarta EE 10 install iam4j's JACC 2.1 provider"
          + " (iam4j-jacc) in the server instead, or leave " + AuthorizationMode.PROPERTY + " unset");
    }
    // Throws for a template that names an undeclared or reserved parameter: the deployment fails.
    RouteCatalog annotated = RouteCatalog.fromAnnotations(new ArrayList<>(classes == null ? Set.of() : classes));
    ctx.addListener(PolicyRegistration.listener(annotated));
  }

  static boolean authorization3(ClassLoader loader) {
    try {
      Class.forName(AUTHORIZATION_3, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
