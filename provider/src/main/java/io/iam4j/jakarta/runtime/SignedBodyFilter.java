package io.iam4j.jakarta.runtime;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Gives the application the body of a signed request again: authentication read it to check the
 * signature ({@link SigV4Authentication}), so the container's stream is empty, and the bytes the
 * signature covered are exactly those the application gets.
 */
public final class SignedBodyFilter implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && http.getAttribute(SignedRequests.BODY) instanceof byte[] body) {
      chain.doFilter(SignedRequests.replaying(http, body), response);
      return;
    }
    chain.doFilter(request, response);
  }
}
