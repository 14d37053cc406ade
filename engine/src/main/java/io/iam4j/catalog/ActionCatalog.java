package io.iam4j.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The actions an application can be asked for, by service: what its annotated endpoints, CDI beans
 * and routes declare, and iam4j's own APIs. Finite, so that least-privilege questions (is this
 * action used, does this policy allow more than that one) can be answered exactly over it.
 * Immutable.
 */
public record ActionCatalog(Map<String, ServiceReference> services) {
  public static final ActionCatalog EMPTY = new ActionCatalog(Map.of());

  public ActionCatalog {
    Map<String, ServiceReference> m = new LinkedHashMap<>();
    services.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
    services = java.util.Collections.unmodifiableMap(m);
  }

  public static ActionCatalog of(Collection<ServiceReference> services) {
    Map<String, ServiceReference> m = new LinkedHashMap<>();
    services.forEach(s -> m.put(s.name(), s));
    return new ActionCatalog(m);
  }

  /** The service with that prefix (prefixes are case-insensitive). */
  public Optional<ServiceReference> service(String prefix) {
    return Optional.ofNullable(services.get(prefix.toLowerCase(Locale.ROOT)));
  }

  /** The entry of {@code service:Action}, when the catalog has it. */
  public Optional<ActionEntry> action(String action) {
    int colon = action.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return service(action.substring(0, colon)).flatMap(s -> s.action(action.substring(colon + 1)));
  }

  /** Every action, {@code service:Name}, in catalog order. */
  public List<String> actions() {
    List<String> out = new ArrayList<>();
    services.values().forEach(s -> s.actions().forEach(a -> out.add(s.name() + ":" + a.name())));
    return out;
  }
}
