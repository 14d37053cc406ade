package io.iam4j.enforce;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one form of a request path that iam4j decides on and lets the application dispatch: the raw
 * path (as sent, inside the application) with matrix parameters removed, empty segments ({@code //})
 * collapsed, and dot segments ({@code .}, {@code ..}, also when percent-encoded) resolved; each
 * segment percent-decoded exactly once, as strict UTF-8.
 *
 * <p>What stays ambiguous is refused ({@link BadPath}), never guessed: an encoded slash or backslash
 * ({@code %2F}, {@code %5C}) that one layer would split and another would not, a raw backslash,
 * control characters and NUL (encoded or not), bad percent-encoding or UTF-8, a {@code ..} above the
 * root, and paths over {@value #MAX_LENGTH} characters or {@value #MAX_SEGMENTS} segments.
 *
 * @param encoded the canonical path still percent-encoded as sent (what the dispatcher is given)
 * @param decoded the canonical path decoded (what templates and routes see)
 * @param segments the decoded segments
 * @param trailingSlash whether the path ends in {@code /} (Jakarta REST matches it either way)
 */
public record CanonicalPath(String encoded, String decoded, List<String> segments, boolean trailingSlash) {
  /** The longest raw path accepted, in characters (named limit {@code iam4j path length}). */
  public static final int MAX_LENGTH = 8192;
  /** The most segments a path may have (named limit {@code iam4j path segments}). */
  public static final int MAX_SEGMENTS = 256;

  public CanonicalPath {
    segments = List.copyOf(segments);
  }

  /** A path that cannot be given one canonical form: the request is refused with 400. */
  public static final class BadPath extends io.iam4j.IamException {
    private static final long serialVersionUID = 1L;

    public BadPath(String message) {
      super(message);
    }
  }

  /**
   * The canonical form of {@code raw}, the request path inside the application (after the context
   * path, before any {@code ?}), e.g. {@code /api/tenants;x=1/acme/./b//c}.
   *
   * @throws BadPath when the path is ambiguous or malformed
   */
  public static CanonicalPath of(String raw) {
    if (raw == null || raw.isEmpty()) {
      raw = "/";
    }
    if (raw.length() > MAX_LENGTH) {
      throw new BadPath("The request path is longer than " + MAX_LENGTH + " characters (the limit iam4j path length)");
    }
    if (raw.charAt(0) != '/') {
      throw new BadPath("The request path does not start with /");
    }
    List<String> encodedKept = new ArrayList<>();
    List<String> decodedKept = new ArrayList<>();
    int count = 0;
    int start = 1;
    boolean trailing = false;
    while (start <= raw.length()) {
      int end = raw.indexOf('/', start);
      if (end < 0) {
        end = raw.length();
      }
      if (++count > MAX_SEGMENTS) {
        throw new BadPath("The request path has more than " + MAX_SEGMENTS + " segments (the limit iam4j path segments)");
      }
      String segment = raw.substring(start, end);
      int semicolon = segment.indexOf(';');
      // Matrix parameters belong to no resource name: removed here, as the container does when mapping.
      String bare = semicolon < 0 ? segment : segment.substring(0, semicolon);
      String decoded = decode(bare);
      boolean last = end == raw.length();
      if (decoded.isEmpty() || decoded.equals(".")) {
        trailing = last;
      } else if (decoded.equals("..")) {
        if (encodedKept.isEmpty()) {
          throw new BadPath("The request path climbs above the application's root with ..");
        }
        encodedKept.remove(encodedKept.size() - 1);
        decodedKept.remove(decodedKept.size() - 1);
        trailing = last;
      } else {
        encodedKept.add(bare);
        decodedKept.add(decoded);
        trailing = false;
      }
      start = end + 1;
    }
    boolean slash = trailing && !encodedKept.isEmpty();
    return new CanonicalPath(join(encodedKept, slash), join(decodedKept, slash), decodedKept, slash);
  }

  /** Whether the path as sent was already canonical (nothing removed, resolved or collapsed). */
  public boolean sameAs(String raw) {
    return encoded.equals(raw == null || raw.isEmpty() ? "/" : raw);
  }

  private static String join(List<String> segments, boolean trailingSlash) {
    StringBuilder b = new StringBuilder();
    for (String s : segments) {
      b.append('/').append(s);
    }
    if (b.length() == 0 || trailingSlash) {
      b.append('/');
    }
    return b.toString();
  }

  /** Percent-decodes one segment once, as strict UTF-8; '+' stays '+' (it means space only in queries). */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      checkChars(segment, false);
      return segment;
    }
    ByteBuffer bytes = ByteBuffer.allocate(segment.length() * 4);
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          throw new BadPath("The request path has an incomplete percent-encoding");
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new BadPath("The request path has an invalid percent-encoding");
        }
        int b = hi << 4 | lo;
        if (b == '/' || b == '\\') {
          throw new BadPath("The request path has an encoded slash or backslash (%2F, %5C), which containers read in different ways");
        }
        bytes.put((byte) b);
        i += 2;
      } else {
        CharBuffer one = CharBuffer.wrap(segment, i, i + 1);
        if (Character.isHighSurrogate(c) && i + 1 < segment.length()) {
          one = CharBuffer.wrap(segment, i, i + 2);
          i++;
        }
        bytes.put(StandardCharsets.UTF_8.encode(one));
      }
    }
    bytes.flip();
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    String out;
    try {
      out = utf8.decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new BadPath("The request path's percent-encoding is not UTF-8");
    }
    checkChars(out, true);
    return out;
  }

  private static void checkChars(String s, boolean decoded) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BadPath("The request path has a control character" + (decoded ? " (encoded)" : ""));
      }
      if (c == '\\') {
        throw new BadPath("The request path has a backslash, which containers read in different ways");
      }
    }
  }
}
