package io.iam4j.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A QR Code (ISO/IEC 18004) of a short text, as a PNG: what {@code CreateVirtualMFADevice} answers
 * as {@code QRCodePNG} for an authenticator app to scan ({@code otpauth://totp/...}). Byte mode,
 * error correction level M, versions 1 to 10 (up to 213 bytes, far more than an otpauth URI), the
 * mask chosen by the standard's penalty rules.
 *
 * <p>Written here rather than taken from a library: it is about 250 lines with no dependency, while
 * the provider is deployed inside applications whose class path it should not grow (a QR library
 * would also bring {@code java.desktop} for its images; the PNG here is written directly).
 * Immutable.
 */
public final class QrCode {
  /** ECC level M: error correction codewords per block, by version (index 0 unused). */
  private static final int[] ECC_PER_BLOCK = {-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26};
  /** ECC level M: error correction blocks, by version. */
  private static final int[] BLOCKS = {-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5};
  private static final int MAX_VERSION = 10;
  /** Level M's two format bits. */
  private static final int ECL_M_BITS = 0;

  private final int version;
  private final int size;
  private final boolean[][] modules;
  private final boolean[][] function;
  private final int mask;

  private QrCode(int version, byte[] codewords) {
    this.version = version;
    this.size = version * 4 + 17;
    this.modules = new boolean[size][size];
    this.function = new boolean[size][size];
    drawFunctionPatterns();
    drawCodewords(addEcc(codewords));
    int best = 0;
    long bestPenalty = Long.MAX_VALUE;
    for (int m = 0; m < 8; m++) {
      applyMask(m);
      drawFormatBits(m);
      long p = penalty();
      if (p < bestPenalty) {
        best = m;
        bestPenalty = p;
      }
      applyMask(m); // XOR again: undone
    }
    this.mask = best;
    applyMask(best);
    drawFormatBits(best);
  }

  /**
   * The QR Code of {@code text} (UTF-8) in the smallest version that holds it.
   *
   * @throws IllegalArgumentException when it needs more than version 10
   */
  public static QrCode of(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    for (int v = 1; v <= MAX_VERSION; v++) {
      int capacityBits = dataCodewords(v) * 8;
      int needed = 4 + (v < 10 ? 8 : 16) + data.length * 8;
      if (needed <= capacityBits) {
        return new QrCode(v, encode(data, v, capacityBits));
      }
    }
    throw new IllegalArgumentException("Text too long for a version " + MAX_VERSION + " QR Code: " + data.length + " bytes");
  }

  public int version() {
    return version;
  }

  public int size() {
    return size;
  }

  public int mask() {
    return mask;
  }

  /** Whether the module at column {@code x}, row {@code y} is dark. */
  public boolean dark(int x, int y) {
    return modules[y][x];
  }

  /** The symbol as a grayscale PNG, {@code scale} pixels a module, with the standard 4-module quiet zone. */
  public byte[] png(int scale) {
    int border = 4;
    int px = (size + 2 * border) * scale;
    byte[] raw = new byte[px * (px + 1)];
    int i = 0;
    for (int y = 0; y < px; y++) {
      raw[i++] = 0; // filter: none
      int my = y / scale - border;
      for (int x = 0; x < px; x++) {
        int mx = x / scale - border;
        boolean d = mx >= 0 && my >= 0 && mx < size && my < size && modules[my][mx];
        raw[i++] = (byte) (d ? 0 : 255);
      }
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    deflater.setInput(raw);
    deflater.finish();
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      z.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(px).putInt(px).put((byte) 8).put((byte) 0).put((byte) 0)
        .put((byte) 0).put((byte) 0).array());
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  // ---- data

  private static int rawDataModules(int ver) {
    int result = (16 * ver + 128) * ver + 64;
    if (ver >= 2) {
      int align = ver / 7 + 2;
      result -= (25 * align - 10) * align - 55;
      if (ver >= 7) {
        result -= 36;
      }
    }
    return result;
  }

  private static int dataCodewords(int ver) {
    return rawDataModules(ver) / 8 - ECC_PER_BLOCK[ver] * BLOCKS[ver];
  }

  /** Mode, count, bytes, terminator and padding: the data codewords. */
  private static byte[] encode(byte[] data, int ver, int capacityBits) {
    BitBuffer bb = new BitBuffer(capacityBits);
    bb.append(0b0100, 4);
    bb.append(data.length, ver < 10 ? 8 : 16);
    for (byte b : data) {
      bb.append(b & 0xff, 8);
    }
    bb.append(0, Math.min(4, capacityBits - bb.length));
    bb.append(0, (8 - bb.length % 8) % 8);
    for (int pad = 0xEC; bb.length < capacityBits; pad ^= 0xEC ^ 0x11) {
      bb.append(pad, 8);
    }
    return bb.bytes();
  }

  private static final class BitBuffer {
    final byte[] data;
    int length;

    BitBuffer(int capacityBits) {
      data = new byte[capacityBits / 8];
    }

    void append(int value, int bits) {
      for (int i = bits - 1; i >= 0; i--, length++) {
        if (((value >>> i) & 1) != 0) {
          data[length >>> 3] |= (byte) (0x80 >>> (length & 7));
        }
      }
    }

    byte[] bytes() {
      return data;
    }
  }

  /** Splits the data into blocks, adds each block's Reed-Solomon codewords, and interleaves them. */
  private byte[] addEcc(byte[] data) {
    int numBlocks = BLOCKS[version];
    int blockEcc = ECC_PER_BLOCK[version];
    int raw = rawDataModules(version) / 8;
    int numShort = numBlocks - raw % numBlocks;
    int shortLen = raw / numBlocks;
    byte[][] blocks = new byte[numBlocks][];
    byte[] divisor = rsDivisor(blockEcc);
    for (int i = 0, k = 0; i < numBlocks; i++) {
      int len = shortLen - blockEcc + (i < numShort ? 0 : 1);
      byte[] dat = java.util.Arrays.copyOfRange(data, k, k + len);
      k += len;
      byte[] block = java.util.Arrays.copyOf(dat, shortLen + 1);
      byte[] ecc = rsRemainder(dat, divisor);
      System.arraycopy(ecc, 0, block, block.length - blockEcc, ecc.length);
      blocks[i] = block;
    }
    byte[] result = new byte[raw];
    for (int i = 0, k = 0; i < blocks[0].length; i++) {
      for (int j = 0; j < numBlocks; j++) {
        // Short blocks have a hole where long blocks carry their extra data codeword.
        if (i != shortLen - blockEcc || j >= numShort) {
          result[k++] = blocks[j][i];
        }
      }
    }
    return result;
  }

  private static byte[] rsDivisor(int degree) {
    byte[] result = new byte[degree];
    result[degree - 1] = 1;
    int root = 1;
    for (int i = 0; i < degree; i++) {
      for (int j = 0; j < degree; j++) {
        result[j] = (byte) gfMultiply(result[j] & 0xff, root);
        if (j + 1 < degree) {
          result[j] ^= result[j + 1];
        }
      }
      root = gfMultiply(root, 0x02);
    }
    return result;
  }

  private static byte[] rsRemainder(byte[] data, byte[] divisor) {
    byte[] result = new byte[divisor.length];
    for (byte b : data) {
      int factor = (b ^ result[0]) & 0xff;
      System.arraycopy(result, 1, result, 0, result.length - 1);
      result[result.length - 1] = 0;
      for (int i = 0; i < result.length; i++) {
        result[i] ^= (byte) gfMultiply(divisor[i] & 0xff, factor);
      }
    }
    return result;
  }

  /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1. */
  private static int gfMultiply(int x, int y) {
    int z = 0;
    for (int i = 7; i >= 0; i--) {
      z = (z << 1) ^ ((z >>> 7) * 0x11D);
      z ^= ((y >>> i) & 1) * x;
    }
    return z & 0xff;
  }

  // ---- modules

  private void set(int x, int y, boolean dark) {
    modules[y][x] = dark;
    function[y][x] = true;
  }

  private void drawFunctionPatterns() {
    for (int i = 0; i < size; i++) {
      set(6, i, i % 2 == 0);
      set(i, 6, i % 2 == 0);
    }
    finder(3, 3);
    finder(size - 4, 3);
    finder(3, size - 4);
    int[] align = alignmentPositions();
    int n = align.length;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (!(i == 0 && j == 0 || i == 0 && j == n - 1 || i == n - 1 && j == 0)) {
          for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
              set(align[i] + dx, align[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
            }
          }
        }
      }
    }
    drawFormatBits(0); // reserves the format areas; rewritten with the chosen mask
    if (version >= 7) {
      int rem = version;
      for (int i = 0; i < 12; i++) {
        rem = (rem << 1) ^ ((rem >>> 11) * 0x1F25);
      }
      int bits = version << 12 | rem;
      for (int i = 0; i < 18; i++) {
        boolean bit = ((bits >>> i) & 1) != 0;
        int a = size - 11 + i % 3;
        int b = i / 3;
        set(a, b, bit);
        set(b, a, bit);
      }
    }
  }

  private void finder(int x, int y) {
    for (int dy = -4; dy <= 4; dy++) {
      for (int dx = -4; dx <= 4; dx++) {
        int dist = Math.max(Math.abs(dx), Math.abs(dy));
        int xx = x + dx;
        int yy = y + dy;
        if (xx >= 0 && xx < size && yy >= 0 && yy < size) {
          set(xx, yy, dist != 2 && dist != 4);
        }
      }
    }
  }

  private int[] alignmentPositions() {
    if (version == 1) {
      return new int[0];
    }
    int n = version / 7 + 2;
    int step = (version * 4 + n * 2 + 1) / (n * 2 - 2) * 2;
    int[] result = new int[n];
    result[0] = 6;
    for (int i = n - 1, pos = size - 7; i >= 1; i--, pos -= step) {
      result[i] = pos;
    }
    return result;
  }

  private void drawFormatBits(int msk) {
    int data = ECL_M_BITS << 3 | msk;
    int rem = data;
    for (int i = 0; i < 10; i++) {
      rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    }
    int bits = (data << 10 | rem) ^ 0x5412;
    for (int i = 0; i <= 5; i++) {
      set(8, i, bit(bits, i));
    }
    set(8, 7, bit(bits, 6));
    set(8, 8, bit(bits, 7));
    set(7, 8, bit(bits, 8));
    for (int i = 9; i < 15; i++) {
      set(14 - i, 8, bit(bits, i));
    }
    for (int i = 0; i < 8; i++) {
      set(size - 1 - i, 8, bit(bits, i));
    }
    for (int i = 8; i < 15; i++) {
      set(8, size - 15 + i, bit(bits, i));
    }
    set(8, size - 8, true);
  }

  private static boolean bit(int x, int i) {
    return ((x >>> i) & 1) != 0;
  }

  private void drawCodewords(byte[] data) {
    int i = 0;
    for (int right = size - 1; right >= 1; right -= 2) {
      if (right == 6) {
        right = 5;
      }
      for (int vert = 0; vert < size; vert++) {
        for (int j = 0; j < 2; j++) {
          int x = right - j;
          boolean upward = ((right + 1) & 2) == 0;
          int y = upward ? size - 1 - vert : vert;
          if (!function[y][x] && i < data.length * 8) {
            modules[y][x] = bit(data[i >>> 3], 7 - (i & 7));
            i++;
          }
        }
      }
    }
  }

  private void applyMask(int msk) {
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        boolean invert = switch (msk) {
          case 0 -> (x + y) % 2 == 0;
          case 1 -> y % 2 == 0;
          case 2 -> x % 3 == 0;
          case 3 -> (x + y) % 3 == 0;
          case 4 -> (x / 3 + y / 2) % 2 == 0;
          case 5 -> x * y % 2 + x * y % 3 == 0;
          case 6 -> (x * y % 2 + x * y % 3) % 2 == 0;
          default -> ((x + y) % 2 + x * y % 3) % 2 == 0;
        };
        if (invert && !function[y][x]) {
          modules[y][x] = !modules[y][x];
        }
      }
    }
  }

  /** The standard's penalty score: long runs, 2x2 blocks, finder-like patterns, dark/light balance. */
  private long penalty() {
    long result = 0;
    int dark = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int a = 0; a < size; a++) {
        int run = 0;
        boolean prev = false;
        for (int b = 0; b < size; b++) {
          boolean c = pass == 0 ? modules[a][b] : modules[b][a];
          if (b > 0 && c == prev) {
            run++;
          } else {
            if (run >= 5) {
              result += 3 + (run - 5);
            }
            run = 1;
            prev = c;
          }
          result += finderLike(a, b, pass == 0) ? 40 : 0;
        }
        if (run >= 5) {
          result += 3 + (run - 5);
        }
      }
    }
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (modules[y][x]) {
          dark++;
        }
        if (x + 1 < size && y + 1 < size) {
          boolean c = modules[y][x];
          if (c == modules[y][x + 1] && c == modules[y + 1][x] && c == modules[y + 1][x + 1]) {
            result += 3;
          }
        }
      }
    }
    int total = size * size;
    int k = (Math.abs(dark * 20 - total * 10) + total - 1) / total - 1;
    return result + Math.max(0, k) * 10L;
  }

  /** Whether 1:1:3:1:1 dark-light-dark-dark-dark-light-dark starts at {@code b}, with 4 light modules on a side. */
  private boolean finderLike(int line, int b, boolean row) {
    boolean[] pattern = {true, false, true, true, true, false, true};
    for (int i = 0; i < 7; i++) {
      if (at(line, b + i, row) != pattern[i]) {
        return false;
      }
    }
    boolean before = true;
    boolean after = true;
    for (int i = 1; i <= 4; i++) {
      before &= !at(line, b - i, row);
      after &= !at(line, b + 6 + i, row);
    }
    return before || after;
  }

  /** A module along a row or column; outside the symbol is light (the quiet zone). */
  private boolean at(int line, int pos, boolean row) {
    if (pos < 0 || pos >= size) {
      return false;
    }
    return row ? modules[line][pos] : modules[pos][line];
  }
}
