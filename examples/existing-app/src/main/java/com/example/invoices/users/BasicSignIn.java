package com.example.invoices.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;

/**
 * How the service signed its users in before iam4j, and still does in its password wars: HTTP BASIC,
 * checked by the application's identity store (a class of its own in {@code invoices.war}, a
 * database table in {@code invoices-database.war}). Because the application declares this
 * mechanism, iam4j leaves sign-in alone ({@code iam4j.sign-in=auto}) and maps the callers it signs
 * in; an anonymous caller of an IAM-protected endpoint gets this mechanism's challenge (realm
 * {@code invoices}).
 */
@BasicAuthenticationMechanismDefinition(realmName = "invoices")
@ApplicationScoped
public class BasicSignIn {}
