package com.example.invoices;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamSecured;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Approving an invoice, as a CDI service that other parts of the application (a batch, a message
 * listener) could call too: IAM decides the call itself, before it runs, whoever calls it. A deny
 * becomes IAM's 403 through iam4j's exception mapper.
 */
@ApplicationScoped
@IamSecured
public class Approvals {
  @Inject InvoiceStore store;

  @IamAction(value = "invoices:ApproveInvoice", resource = "arn:iam4j:invoices::${org}:invoice/${id}", resourceAccount = "${org}")
  public Optional<Invoice> approve(String org, String id, String approver) {
    return store.approve(org, id, approver);
  }
}
