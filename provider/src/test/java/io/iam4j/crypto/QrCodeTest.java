package io.iam4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The QR Code encoder against an independent one: the reference matrices were made by
 * python-qrcode 8.2 (byte mode, level M, the same mask), module for module.
 */
class QrCodeTest {
  static String matrix(QrCode q) {
    StringBuilder b = new StringBuilder();
    for (int y = 0; y < q.size(); y++) {
      for (int x = 0; x < q.size(); x++) {
        b.append(q.dark(x, y) ? '1' : '0');
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String reference(String name) throws IOException {
    try (InputStream in = QrCodeTest.class.getResourceAsStream("/qr/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void version1MatchesTheReference() throws IOException {
    QrCode q = QrCode.of("hello");
    assertEquals(1, q.version());
    assertEquals(7, q.mask());
    assertEquals(reference("hello-v1-M-mask7.txt"), matrix(q));
  }

  @Test
  void anOtpauthUriMatchesTheReference() throws IOException {
    QrCode q = QrCode.of("otpauth://totp/iam4j:acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=iam4j");
    assertEquals(5, q.version());
    assertEquals(reference("otpauth-v5-M-mask7.txt"), matrix(q));
  }

  @Test
  void tooLongATextIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> QrCode.of("x".repeat(214)));
    assertEquals(10, QrCode.of("x".repeat(213)).version());
  }

  @Test
  void thePngIsWellFormedAndShowsTheModules() throws Exception {
    QrCode q = QrCode.of("hello");
    byte[] png = q.png(2);
    ByteBuffer b = ByteBuffer.wrap(png);
    b.position(8);
    int side = (q.size() + 8) * 2;
    byte[] idat = null;
    while (b.hasRemaining()) {
      int len = b.getInt();
      byte[] type = new byte[4];
      b.get(type);
      byte[] data = new byte[len];
      b.get(data);
      CRC32 crc = new CRC32();
      crc.update(type);
      crc.update(data);
      assertEquals((int) crc.getValue(), b.getInt(), "CRC of " + new String(type, StandardCharsets.US_ASCII));
      String t = new String(type, StandardCharsets.US_ASCII);
      if (t.equals("IHDR")) {
        assertEquals(side, ByteBuffer.wrap(data).getInt(0));
      } else if (t.equals("IDAT")) {
        idat = data;
      }
    }
    Inflater inf = new Inflater();
    inf.setInput(idat);
    byte[] raw = new byte[side * (side + 1)];
    assertEquals(raw.length, inf.inflate(raw));
    assertTrue(inf.finished());
    // Pixel (row 8 + 0, column 8 + 0) is module (0, 0): dark (a finder pattern's corner); the quiet zone is light.
    assertEquals(0, raw[8 * (side + 1) + 1 + 8]);
    assertEquals((byte) 255, raw[1]);
  }
}
