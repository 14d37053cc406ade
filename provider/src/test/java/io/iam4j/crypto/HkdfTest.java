package io.iam4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HKDF-SHA256 against the test vectors of RFC 5869, appendix A (cases 1 to 3 are the SHA-256 ones). */
class HkdfTest {
  static final HexFormat HEX = HexFormat.of();

  static String range(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      sb.append(String.format("%02x", i));
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "RFC 5869 A.{0}")
  @CsvSource({
      "1, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 000102030405060708090a0b0c, f0f1f2f3f4f5f6f7f8f9, 42,"
          + " 077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5,"
          + " 3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
      "2, RANGE-00-4f, RANGE-60-af, RANGE-b0-ff, 82,"
          + " 06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244,"
          + " b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8"
          + "367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87",
      "3, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, '', '', 42,"
          + " 19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04,"
          + " 8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"})
  void derive_rfc5869Vectors_matchPrkAndOkm(int testCase, String ikm, String salt, String info, int length, String prk, String okm) {
    byte[] i = bytes(ikm);
    byte[] s = bytes(salt);
    byte[] n = bytes(info);
    assertEquals(prk, HEX.formatHex(Hkdf.extract(s, i)), "PRK of case " + testCase);
    assertEquals(okm, HEX.formatHex(Hkdf.expand(bytes(prk), n, length)), "OKM of case " + testCase);
    assertArrayEquals(bytes(okm), Hkdf.derive(s, i, n, length));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 255 * 32 + 1})
  void expand_lengthOutsideRfcBounds_refused(int length) {
    assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[32], new byte[0], length));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 31, 32, 33, 255 * 32})
  void expand_anyAllowedLength_prefixOfLonger(int length) {
    byte[] prk = Hkdf.extract(null, bytes("0b0b0b0b"));
    byte[] longest = Hkdf.expand(prk, bytes("aa"), 255 * 32);
    assertArrayEquals(java.util.Arrays.copyOf(longest, length), Hkdf.expand(prk, bytes("aa"), length));
  }

  /** Hex, or RANGE-aa-bb for the consecutive bytes aa to bb that case 2 uses. */
  static byte[] bytes(String spec) {
    if (spec == null) {
      return new byte[0];
    }
    if (spec.startsWith("RANGE-")) {
      String[] p = spec.split("-");
      return HEX.parseHex(range(Integer.parseInt(p[1], 16), Integer.parseInt(p[2], 16)));
    }
    return HEX.parseHex(spec);
  }
}
