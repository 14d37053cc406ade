package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** IPv4 literals as IpAddress reads a request's source IP: four decimal octets of one to three digits, nothing else. */
class ValuesIpTest {
  @Test
  void ipv4_fourOctets_readAsBytes() {
    assertArrayEquals(new byte[] {(byte) 203, 0, 113, 7}, Values.ip("203.0.113.7"));
    assertArrayEquals(new byte[] {0, 0, 0, 0}, Values.ip("0.0.0.0"));
    assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255}, Values.ip("255.255.255.255"));
    assertArrayEquals(new byte[] {10, 0, 0, 1}, Values.ip("010.000.00.1"), "leading zeros are decimal, up to three digits");
  }

  @Test
  void ipv4_anythingElse_isNoAddress() {
    for (String bad : new String[] {"256.0.0.1", "1.2.3", "1.2.3.4.5", "1..3.4", ".1.2.3", "1.2.3.", "1.2.3.4.", "0001.2.3.4",
        "1.2.3.a", "1.2.3.4 ", "+1.2.3.4", "1.2.3.-4", "1e2.0.0.1", "", "."}) {
      assertNull(Values.ip(bad), bad);
    }
  }
}
