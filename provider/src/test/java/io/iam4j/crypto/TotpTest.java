package io.iam4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6238 time-based one-time passwords: the RFC's own vectors, the drift window, base-32 seeds. */
class TotpTest {
  /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII text "12345678901234567890". */
  static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  /** Appendix B's 8-digit SHA-1 values; a 6-digit code is their last six digits. */
  @ParameterizedTest(name = "T = {0} s -> {1}")
  @CsvSource({
      "59, 94287082",
      "1111111109, 07081804",
      "1111111111, 14050471",
      "1234567890, 89005924",
      "2000000000, 69279037",
      "20000000000, 65353130"})
  void code_rfc6238Sha1Vectors_lastSixDigits(long epochSecond, String eightDigits) {
    assertEquals(eightDigits.substring(2), Totp.code(SEED, Instant.ofEpochSecond(epochSecond)));
  }

  @Test
  void code_alwaysSixDigits_zeroPadded() {
    // 1234567890 s gives 89005924: the six-digit code starts with zeros.
    String code = Totp.code(SEED, Instant.ofEpochSecond(1234567890));
    assertEquals("005924", code);
    assertEquals(Totp.DIGITS, code.length());
  }

  @Test
  void code_sameStep_sameCode() {
    assertEquals(Totp.code(SEED, Instant.ofEpochSecond(60)), Totp.code(SEED, Instant.ofEpochSecond(89)));
    assertEquals(Totp.code(SEED, Instant.ofEpochSecond(59)), Totp.code(SEED, Instant.ofEpochSecond(30)));
  }

  @Test
  void verify_currentStep_accepted() {
    Instant t = Instant.ofEpochSecond(1111111111);
    assertTrue(Totp.verify(SEED, Totp.code(SEED, t), t));
  }

  @Test
  void verify_oneStepEitherSide_accepted() {
    Instant t = Instant.ofEpochSecond(1111111111);
    assertTrue(Totp.verify(SEED, Totp.code(SEED, t.minusSeconds(Totp.STEP_SECONDS)), t), "previous step (clock drift)");
    assertTrue(Totp.verify(SEED, Totp.code(SEED, t.plusSeconds(Totp.STEP_SECONDS)), t), "next step (clock drift)");
  }

  @Test
  void verify_twoStepsAway_refused() {
    Instant t = Instant.ofEpochSecond(1111111111);
    String before = Totp.code(SEED, t.minusSeconds(2L * Totp.STEP_SECONDS));
    String after = Totp.code(SEED, t.plusSeconds(2L * Totp.STEP_SECONDS));
    // Premise: the codes differ from those of the window, else the check proves nothing.
    for (int s = -1; s <= 1; s++) {
      String inWindow = Totp.code(SEED, t.plusSeconds((long) s * Totp.STEP_SECONDS));
      assertFalse(inWindow.equals(before) || inWindow.equals(after));
    }
    assertFalse(Totp.verify(SEED, before, t));
    assertFalse(Totp.verify(SEED, after, t));
  }

  @Test
  void verify_rfcVector_acceptedOnlyAroundItsTime() {
    assertTrue(Totp.verify(SEED, "081804", Instant.ofEpochSecond(1111111109)));
    assertFalse(Totp.verify(SEED, "081804", Instant.ofEpochSecond(1234567890)));
  }

  @Test
  void verify_otherSeed_refused() {
    Instant t = Instant.ofEpochSecond(1111111111);
    byte[] other = "abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Totp.verify(other, Totp.code(SEED, t), t));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "05047", "0504710", "05047a", "O50471", " 050471", "050471 ", "05 471", "-50471", "+50471",
      "٠٥٠٤٧١", "050471\n"})
  void verify_notSixAsciiDigits_refused(String code) {
    // "050471" is the valid code at 1111111111 s; none of these spellings of it may pass.
    Instant t = Instant.ofEpochSecond(1111111111);
    assertTrue(Totp.verify(SEED, "050471", t), "premise");
    assertFalse(Totp.verify(SEED, code, t));
  }

  @Test
  void verify_null_refused() {
    assertFalse(Totp.verify(SEED, null, Instant.ofEpochSecond(1111111111)));
  }

  // ---------------------------------------------------------------- base 32

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(value = {
      "'', ''",
      "MY======, f",
      "MZXQ====, fo",
      "MZXW6===, foo",
      "MZXW6YQ=, foob",
      "MZXW6YTB, fooba",
      "MZXW6YTBOI======, foobar"})
  void base32_rfc4648Vectors(String encoded, String decoded) {
    assertArrayEquals(decoded.getBytes(StandardCharsets.US_ASCII), Totp.base32(encoded));
  }

  @Test
  void base32_lowerCaseSpacesAndNoPadding_accepted() {
    byte[] expected = "foobar".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(expected, Totp.base32("mzxw6ytboi"));
    assertArrayEquals(expected, Totp.base32("MZXW 6YTB OI"));
  }

  @Test
  void base32_rfcSeedAsAuthenticatorAppsShowIt_decodes() {
    assertArrayEquals(SEED, Totp.base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    assertEquals("287082", Totp.code(Totp.base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), Instant.ofEpochSecond(59)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"MZXW1===", "MZXW0", "MZXW8", "MZ-XW", "MZXW6YTB!"})
  void base32_charactersOutsideTheAlphabet_rejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> Totp.base32(text));
  }

  @Test
  void matchingStep_namesTheStepOfTheCode_emptyForAWrongOne() {
    Instant t = Instant.ofEpochSecond(1_700_000_010);
    long step = Math.floorDiv(t.getEpochSecond(), Totp.STEP_SECONDS);
    assertEquals(java.util.OptionalLong.of(step), Totp.matchingStep(SEED, Totp.code(SEED, t), t));
    assertEquals(java.util.OptionalLong.of(step - 1), Totp.matchingStep(SEED, Totp.code(SEED, t.minusSeconds(Totp.STEP_SECONDS)), t));
    assertTrue(Totp.matchingStep(SEED, Totp.code(SEED, t.plusSeconds(5L * Totp.STEP_SECONDS)), t).isEmpty());
    assertTrue(Totp.matchingStep(SEED, "12345", t).isEmpty());
  }
}
