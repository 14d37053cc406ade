package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iam config export} and {@code import} as a user runs them, between two configuration trees
 * (the PostgreSQL direction is the provider's PostgresStoreTest, on a real database: the command
 * only parses the store names and prints).
 */
class ConfigTransferCommandTest {
  @TempDir Path dir;

  Path put(String path, String content) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @Test
  void copiesAValidTenantAndRefusesABrokenOneWithItsProblems() throws IOException {
    put("a/tenants/acme/users/alice.json", "{\"groups\": [\"Readers\"]}");
    put("a/tenants/acme/groups/Readers.json", "{}");
    put("b/tenants/acme/users/old.json", "{}");
    CliRun r = CliRun.run("config", "import", "--tenant", "acme", "--from", "files:" + dir.resolve("a"), "--to", "files:" + dir.resolve("b"));
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("3 documents written"), r.out());
    assertEquals("{\"groups\": [\"Readers\"]}", Files.readString(dir.resolve("b/tenants/acme/users/alice.json")));
    assertFalse(Files.exists(dir.resolve("b/tenants/acme/users/old.json")), "the destination becomes exactly the source");

    CliRun again = CliRun.run("config", "export", "--tenant", "acme", "--from", "files:" + dir.resolve("a"), "--to", "files:" + dir.resolve("b"));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("nothing written"), again.out());

    put("a/tenants/acme/users/alice.json", "{\"groups\": [\"Writers\"]}");
    CliRun broken = CliRun.run("config", "import", "--tenant", "acme", "--from", "files:" + dir.resolve("a"), "--to", "files:" + dir.resolve("b"));
    assertEquals(Main.EXIT_INVALID, broken.status());
    assertTrue(broken.err().contains("tenants/acme/users/alice.json") && broken.err().contains("/groups/0"), broken.err());
    assertEquals("{\"groups\": [\"Readers\"]}", Files.readString(dir.resolve("b/tenants/acme/users/alice.json")), "nothing written");

    CliRun nowhere = CliRun.run("config", "import", "--tenant", "acme", "--from", "ftp:x", "--to", "files:" + dir.resolve("b"));
    assertEquals(Main.EXIT_USAGE, nowhere.status());
    assertTrue(nowhere.err().contains("files:DIR or postgresql:URL"), nowhere.err());
  }
}
