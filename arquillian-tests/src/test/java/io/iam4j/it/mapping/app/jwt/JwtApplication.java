package io.iam4j.it.mapping.app.jwt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The file service with MicroProfile JWT bearer tokens: each caller is its verified token. A CDI
 * bean, because the server looks for {@code @LoginConfig} on beans.
 */
@ApplicationScoped
@ApplicationPath("api")
@LoginConfig(authMethod = "MP-JWT", realmName = "files")
public class JwtApplication extends Application {}
