package io.iam4j.jakarta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Jakarta REST method (or every method of a class) that IAM deliberately does not decide:
 * with {@code iam4j.enforcement.default=deny}, every other unannotated endpoint is refused. Container
 * security (declared constraints, {@code @RolesAllowed}) still applies, and with the Jakarta
 * Authorization provider the method's route is left to the container, audited. A method may not be
 * both {@code @IamPublic} and {@link IamAction}: the deployment fails.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface IamPublic {}
