package io.iam4j.sample;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The document store's REST API, under {@code /api}. The IAM groups (and the role ReportingJob) are declared as roles so that
 * {@code isCallerInRole} and {@code @RolesAllowed} answer from the directory.
 */
@ApplicationPath("api")
@DeclareRoles({"Developers", "SysAdmins", "ReadOnly", "Auditors", "ReportingJob"})
public class DocsApplication extends Application {}
