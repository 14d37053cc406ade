package io.iam4j.jakarta;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean (or method) whose {@link IamAction}-annotated methods are decided by IAM when
 * called, like REST methods are by the request filter. In the templates, {@code ${name}} is the
 * method parameter {@code name} (compile with {@code -parameters}) and {@code ${tenant}} the
 * caller's tenant. A deny throws {@link IamAccessDeniedException}. Jakarta REST resources need no
 * such marker (and should not carry one: they would be decided twice).
 */
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface IamSecured {}
