package com.example.invoices;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;

/**
 * How the service signed its users in before iam4j, and still does: HTTP BASIC, checked by the
 * application's identity store (a class of its own, or a database table, depending on the war).
 * Because the application declares this mechanism, iam4j leaves sign-in alone
 * ({@code iam4j.sign-in=auto}) and maps the callers it signs in.
 */
@BasicAuthenticationMechanismDefinition(realmName = "invoices")
@ApplicationScoped
public class BasicSignIn {}
