package io.iam4j.iamapi;

import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.PasswordUsage;
import io.iam4j.report.CreationTimes;
import io.iam4j.report.CredentialReport;
import io.iam4j.report.CredentialReports;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The credential report: {@code GenerateCredentialReport} ({@code State}, {@code Description}) and
 * {@code GetCredentialReport} ({@code Content}: the CSV in base64, {@code ReportFormat} {@code
 * text/csv}, {@code GeneratedTime}), with IAM's errors {@code ReportNotPresent} (410), {@code
 * ReportExpired} (410) and {@code ReportInProgress} (404). Both are authorized as {@code
 * iam:GenerateCredentialReport} and {@code iam:GetCredentialReport} on {@code *}: IAM's actions
 * name no resource type. The report is the caller's tenant's ({@link CredentialReport} gives its
 * columns; {@link CredentialReports} its four-hour lifecycle).
 */
public final class CredentialReportOperations implements IamOperations {
  private final Supplier<AccessKeyUsage> keys;
  private final Supplier<PasswordUsage> passwords;
  private final CredentialReports reports = new CredentialReports();

  /**
   * @param keys the access keys' last uses (the supplier may answer null: not kept)
   * @param passwords the passwords' last uses (likewise)
   */
  public CredentialReportOperations(Supplier<AccessKeyUsage> keys, Supplier<PasswordUsage> passwords) {
    this.keys = keys;
    this.passwords = passwords;
  }

  @Override
  public Set<String> actions() {
    return Set.of("GenerateCredentialReport", "GetCredentialReport");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "GenerateCredentialReport" -> generate(call, xml);
      case "GetCredentialReport" -> get(call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  private void generate(IamCall call, QueryXml xml) {
    call.authorize("GenerateCredentialReport", "*");
    Instant now = call.clock().instant();
    CredentialReports.Generation g;
    try {
      g = reports.generate(call.tenant().id(), now, () -> CredentialReport.generate(call.tenant(), call.directory().arns(),
          CredentialReport.Usage.of(keys.get(), passwords.get()), CreationTimes.files(call.store().settings().root()), now));
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(CredentialReportOperations.class.getName()).log(java.util.logging.Level.WARNING,
          "Cannot generate the credential report of tenant " + call.tenant().id(), e);
      throw new AwsError("ServiceFailure", 500, "The credential report could not be generated", false);
    }
    xml.text("State", g.state().name()).text("Description", g.description());
  }

  private void get(IamCall call, QueryXml xml) {
    call.authorize("GetCredentialReport", "*");
    CredentialReports.Lookup found = reports.get(call.tenant().id(), call.clock().instant());
    if (found instanceof CredentialReports.Present p) {
      xml.text("Content", Base64.getEncoder().encodeToString(p.report().bytes()))
          .text("ReportFormat", CredentialReport.FORMAT).text("GeneratedTime", p.report().generatedTime());
    } else if (found instanceof CredentialReports.Expired e) {
      throw new AwsError("ReportExpired", 410, "The credential report generated at " + e.generatedTime()
          + " has expired (reports last four hours). To generate a new one, use GenerateCredentialReport.");
    } else if (found instanceof CredentialReports.InProgress) {
      throw new AwsError("ReportInProgress", 404, "The credential report is still being generated.");
    } else {
      throw new AwsError("ReportNotPresent", 410,
          "Credential report not present. To generate a credential report, use GenerateCredentialReport.");
    }
  }
}
