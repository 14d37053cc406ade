package com.example.invoices;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** One invoice of an organization. Immutable: approving makes a new one. */
public record Invoice(String org, String id, String customer, String amount, String createdBy, String approvedBy) {

  public Invoice approve(String by) {
    return new Invoice(org, id, customer, amount, createdBy, by);
  }

  public JsonObject json() {
    var b = Json.createObjectBuilder().add("org", org).add("id", id).add("customer", customer).add("amount", amount)
        .add("createdBy", createdBy);
    if (approvedBy != null) {
      b.add("approvedBy", approvedBy);
    }
    return b.build();
  }
}
