package io.iam4j.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A resource-based statement's principal element: {@code Principal} or {@code NotPrincipal}, never
 * both.
 */
public sealed interface PrincipalClause {
  PrincipalSet set();

  String element();

  record Principal(PrincipalSet set) implements PrincipalClause {
    @Override
    public String element() {
      return "Principal";
    }
  }

  /** The statement applies to every principal except those listed. */
  record NotPrincipal(PrincipalSet set) implements PrincipalClause {
    @Override
    public String element() {
      return "NotPrincipal";
    }
  }

  /** The principals a clause names. */
  sealed interface PrincipalSet {}

  /** {@code "Principal": "*"}: everyone, including anonymous callers. */
  record Everyone() implements PrincipalSet {}

  /** {@code "Principal": {"AWS": [...], "Service": [...], ...}}. */
  record Listed(List<PrincipalEntry> entries) implements PrincipalSet {
    /** Entries are kept grouped by kind (AWS, Service, Federated, CanonicalUser): blocks may come in any order. */
    public Listed {
      List<PrincipalEntry> sorted = new ArrayList<>(entries);
      sorted.sort(java.util.Comparator.comparing(PrincipalEntry::kind));
      entries = List.copyOf(sorted);
    }

    public List<String> values(PrincipalKind kind) {
      List<String> out = new ArrayList<>();
      for (PrincipalEntry e : entries) {
        if (e.kind() == kind) {
          out.add(e.value());
        }
      }
      return out;
    }
  }

  /** One named principal; {@code value} is {@code "*"} only for {@code {"AWS": "*"}}. */
  record PrincipalEntry(PrincipalKind kind, String value) {}

  /** The keys of a principal object. */
  enum PrincipalKind {
    AWS("AWS"),
    SERVICE("Service"),
    FEDERATED("Federated"),
    CANONICAL_USER("CanonicalUser");

    private final String json;

    PrincipalKind(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    public static PrincipalKind of(String json) {
      for (PrincipalKind k : values()) {
        if (k.json.equals(json)) {
          return k;
        }
      }
      return null;
    }
  }
}
