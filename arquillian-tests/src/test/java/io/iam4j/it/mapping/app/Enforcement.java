package io.iam4j.it.mapping.app;

import io.iam4j.jakarta.runtime.IamEnforcementFeature;
import jakarta.ws.rs.ext.Provider;

/** Every {@code @IamAction} method is decided by IAM. */
@Provider
public class Enforcement extends IamEnforcementFeature {}
