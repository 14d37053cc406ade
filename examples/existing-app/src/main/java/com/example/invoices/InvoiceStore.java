package com.example.invoices;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The invoices of every organization, in memory (the example keeps no database of invoices). */
@ApplicationScoped
public class InvoiceStore {
  private final Map<String, Map<String, Invoice>> byOrg = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1000);

  public InvoiceStore() {
    add(new Invoice("acme", "INV-1", "Initech", "1200.00", "bob", null));
    add(new Invoice("globex", "INV-2", "Hooli", "800.00", "gina", null));
  }

  private void add(Invoice i) {
    byOrg.computeIfAbsent(i.org(), o -> new ConcurrentSkipListMap<>()).put(i.id(), i);
  }

  public List<Invoice> list(String org) {
    return List.copyOf(byOrg.getOrDefault(org, Map.of()).values());
  }

  public Optional<Invoice> get(String org, String id) {
    return Optional.ofNullable(byOrg.getOrDefault(org, Map.of()).get(id));
  }

  public Invoice create(String org, String customer, String amount, String createdBy) {
    Invoice i = new Invoice(org, "INV-" + next.incrementAndGet(), customer, amount, createdBy, null);
    add(i);
    return i;
  }

  public Optional<Invoice> approve(String org, String id, String by) {
    return get(org, id).map(i -> {
      Invoice approved = i.approve(by);
      add(approved);
      return approved;
    });
  }
}
