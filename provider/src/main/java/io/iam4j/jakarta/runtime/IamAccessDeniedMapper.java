package io.iam4j.jakarta.runtime;

import io.iam4j.jakarta.IamAccessDeniedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns an {@link IamAccessDeniedException} from a bean method into IAM's 403 body. Found by
 * Jakarta REST's scan of the war, like {@link IamEnforcementFeature}.
 */
@Provider
public class IamAccessDeniedMapper implements ExceptionMapper<IamAccessDeniedException> {
  @Override
  public Response toResponse(IamAccessDeniedException e) {
    return Response.status(403).type(MediaType.APPLICATION_JSON)
        .entity(IamRequestFilter.body("AccessDenied", e.getMessage(), e.encodedMessage())).build();
  }
}
