package io.iam4j.sts;

import io.iam4j.IamException;
import io.iam4j.crypto.ServerKey;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Session tokens of temporary credentials: the {@link StsSession}, as JSON, deflated and sealed with
 * the server key under its own purpose (AES-256-GCM, {@link ServerKey#seal}). Only this server's
 * keys open one, a changed byte makes it unopenable, and the secret access key inside is never
 * readable by its holder. Stateless and thread-safe.
 *
 * <p>The token is URL-safe text (it travels in {@code X-Amz-Security-Token}) and at most {@value
 * #MAX_TOKEN_CHARS} characters: larger session policies and tags are refused when the session is
 * made ({@code PackedPolicyTooLarge}), never when it is used.
 */
public final class StsTokens {
  /** Longer tokens are refused before any decoding. */
  public static final int MAX_TOKEN_CHARS = 6144;
  /** The most bytes a token's content inflates to: no token can make the server inflate more. */
  static final int MAX_INFLATED_BYTES = 32 * 1024;
  private static final String PURPOSE = "sts session token";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final char[] SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
  private static final JsonProvider JSON = JsonProvider.provider();

  private StsTokens() {}

  /** A temporary access key id: {@code ASIA} and 16 random characters, as AWS's. */
  public static String newAccessKeyId() {
    return "ASIA" + random(KEY_ID_ALPHABET, 16);
  }

  /** A secret access key: 40 random characters of AWS's alphabet (240 bits). */
  public static String newSecret() {
    return random(SECRET_ALPHABET, 40);
  }

  /** A token id: 128 random bits. */
  public static String newTokenId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String random(char[] alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet[RANDOM.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }

  /**
   * The packed size of what a session carries besides its identity (session policy, policy ARNs,
   * tags): the deflated bytes, as AWS reports {@code PackedPolicySize} from its own compression.
   */
  public static int packedSize(StsSession s) {
    JsonObjectBuilder o = JSON.createObjectBuilder();
    if (s.policy() != null) {
      o.add("p", s.policy());
    }
    o.add("a", strings(s.policyArns())).add("t", map(s.tags())).add("tt", strings(List.copyOf(s.transitiveTags())));
    return deflate(o.build().toString().getBytes(StandardCharsets.UTF_8)).length;
  }

  /** The token of {@code s}. */
  public static String issue(ServerKey key, StsSession s) {
    JsonObjectBuilder o = JSON.createObjectBuilder()
        .add("k", s.kind().name())
        .add("iss", s.issuer())
        .add("tn", s.tenant())
        .add("pr", s.principal())
        .add("pid", s.principalId())
        .add("sn", s.sessionName())
        .add("ak", s.accessKeyId())
        .add("sk", s.secretAccessKey())
        .add("jti", s.tokenId())
        .add("iat", s.issuedAt().toEpochMilli())
        .add("exp", s.expires().toEpochMilli())
        .add("pa", strings(s.policyArns()))
        .add("t", map(s.tags()))
        .add("tt", strings(List.copyOf(s.transitiveTags())))
        .add("mfa", s.mfa())
        .add("ch", s.chained());
    if (s.policy() != null) {
      o.add("p", s.policy());
    }
    if (s.sourceIdentity() != null) {
      o.add("si", s.sourceIdentity());
    }
    if (s.mfaAuthTime() != null) {
      o.add("mat", s.mfaAuthTime());
    }
    JsonObjectBuilder keys = JSON.createObjectBuilder();
    s.keys().forEach((n, v) -> keys.add(n, strings(v)));
    o.add("ks", keys);
    byte[] packed = deflate(o.build().toString().getBytes(StandardCharsets.UTF_8));
    String token = key.seal(PURPOSE, "", Base64.getUrlEncoder().withoutPadding().encodeToString(packed));
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new IamException("A session token would be longer than " + MAX_TOKEN_CHARS + " characters");
    }
    return token;
  }

  /**
   * The session of a token, or null when the token is too long, not sealed by a key of this server,
   * changed, or malformed. Whether it is still valid (expiry, revocation) is for the caller.
   */
  public static StsSession open(ServerKey key, String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS || !ServerKey.isSealed(token)) {
      return null;
    }
    try {
      byte[] packed = Base64.getUrlDecoder().decode(key.open(PURPOSE, "", token));
      return parse(new String(inflate(packed), StandardCharsets.UTF_8));
    } catch (IamException | IllegalArgumentException | DataFormatException | JsonException | ClassCastException
        | ArithmeticException | NullPointerException e) {
      return null;
    }
  }

  private static StsSession parse(String json) {
    JsonObject o;
    try (var r = JSON.createReader(new StringReader(json))) {
      o = r.readObject();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    o.getJsonObject("t").forEach((k, v) -> tags.put(k, ((JsonString) v).getString()));
    Map<String, List<String>> keys = new LinkedHashMap<>();
    o.getJsonObject("ks").forEach((k, v) -> keys.put(k, texts(v.asJsonArray())));
    return new StsSession(StsSession.Kind.valueOf(o.getString("k")), o.getString("iss"), o.getString("tn"), o.getString("pr"),
        o.getString("pid"), o.getString("sn"), o.getString("ak"), o.getString("sk"), o.getString("jti"),
        Instant.ofEpochMilli(o.getJsonNumber("iat").longValueExact()), Instant.ofEpochMilli(o.getJsonNumber("exp").longValueExact()),
        o.containsKey("p") ? o.getString("p") : null, texts(o.getJsonArray("pa")), tags,
        new LinkedHashSet<>(texts(o.getJsonArray("tt"))), o.containsKey("si") ? o.getString("si") : null, o.getBoolean("mfa"),
        o.get("mat") instanceof JsonNumber n ? n.longValueExact() : null, o.getBoolean("ch"), keys);
  }

  private static List<String> texts(JsonArray a) {
    List<String> out = new ArrayList<>(a.size());
    for (JsonValue v : a) {
      out.add(((JsonString) v).getString());
    }
    return out;
  }

  private static JsonArrayBuilder strings(List<String> values) {
    JsonArrayBuilder a = JSON.createArrayBuilder();
    values.forEach(a::add);
    return a;
  }

  private static JsonObjectBuilder map(Map<String, String> m) {
    JsonObjectBuilder b = JSON.createObjectBuilder();
    m.forEach(b::add);
    return b;
  }

  private static byte[] deflate(byte[] in) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.setInput(in);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 16);
      byte[] buf = new byte[1024];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] inflate(byte[] in) throws DataFormatException {
    Inflater i = new Inflater(true);
    try {
      i.setInput(in);
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3);
      byte[] buf = new byte[1024];
      while (!i.finished()) {
        int n = i.inflate(buf);
        if (n == 0 && (i.needsInput() || i.needsDictionary())) {
          throw new DataFormatException("truncated");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_INFLATED_BYTES) {
          throw new DataFormatException("too large");
        }
      }
      return out.toByteArray();
    } finally {
      i.end();
    }
  }

}
