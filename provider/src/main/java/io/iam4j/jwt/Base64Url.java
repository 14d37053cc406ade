package io.iam4j.jwt;

import java.util.Base64;

/** Base64url without padding, as JOSE writes it (RFC 7515 section 2), read strictly. */
final class Base64Url {
  private Base64Url() {}

  /** The bytes, or null when {@code s} is not unpadded base64url. */
  static byte[] decode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        return null; // padding, whitespace and the other alphabet are not JOSE
      }
    }
    if (s.length() % 4 == 1) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
