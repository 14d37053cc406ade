package com.example.invoices;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The service's REST API under {@code /api}. Nothing here knows about iam4j. */
@ApplicationPath("api")
public class InvoicesApplication extends Application {}
