package io.iam4j.sts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Query-protocol XML replies: {@code <OpResponse xmlns=NS><OpResult>...</OpResult>
 * <ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>}, and the error shape. Values are
 * escaped; characters XML 1.0 cannot carry become U+FFFD. Not thread-safe (one per reply).
 */
public final class QueryXml {
  public static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  public static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

  private final StringBuilder xml = new StringBuilder(512);

  /** An element with text. Null text writes nothing. */
  public QueryXml text(String name, Object value) {
    if (value != null) {
      xml.append('<').append(name).append('>');
      escape(xml, value instanceof Instant i ? iso(i) : value.toString());
      xml.append("</").append(name).append('>');
    }
    return this;
  }

  public QueryXml open(String name) {
    xml.append('<').append(name).append('>');
    return this;
  }

  public QueryXml close(String name) {
    xml.append("</").append(name).append('>');
    return this;
  }

  /** The reply of {@code action}: this builder's content as its result (none: no result element). */
  public String response(String namespace, String action, String requestId, boolean hasResult) {
    StringBuilder out = new StringBuilder(xml.length() + 256);
    out.append("<").append(action).append("Response xmlns=\"").append(namespace).append("\">");
    if (hasResult) {
      out.append('<').append(action).append("Result>").append(xml).append("</").append(action).append("Result>");
    }
    out.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata></")
        .append(action).append("Response>");
    return out.toString();
  }

  /** AWS's error shape. */
  public static String error(String namespace, AwsError e, String requestId) {
    StringBuilder out = new StringBuilder(256);
    out.append("<ErrorResponse xmlns=\"").append(namespace).append("\"><Error><Type>").append(e.sender() ? "Sender" : "Receiver")
        .append("</Type><Code>");
    escape(out, e.code());
    out.append("</Code><Message>");
    escape(out, e.getMessage() == null ? "" : e.getMessage());
    out.append("</Message></Error><RequestId>").append(requestId).append("</RequestId></ErrorResponse>");
    return out.toString();
  }

  public static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  /** AWS's timestamps: ISO-8601 UTC, whole seconds. */
  public static String iso(Instant i) {
    return i.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
            out.append('\uFFFD');
          } else if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
            out.append('\uFFFD');
          } else if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return xml.toString();
  }
}
