package example;

import io.github.cdpkit.expr.ExpressionException;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.SourceRecord;

/** Uses cdp-core and cdp-rules as a user would, and fails loudly if either does not behave. */
public final class BomConsumer {

  private BomConsumer() {}

  /**
   * Resolves two channel records that share a phone into one person, then formats an expression
   * error.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    IdentityResolver resolver = IdentityResolver.builder().build();
    IngestResult tmall = resolver.ingest(SourceRecord.builder("tmall", "A-1")
        .identifier("phone", "13800138000")
        .identifier("device_id", "IDFA-0001-AAAA")
        .build());
    IngestResult app = resolver.ingest(SourceRecord.builder("app", "u-7")
        .identifier("phone", "138 0013 8000")
        .identifier("email", "li@example.com")
        .build());
    if (tmall.oneId() == null || !tmall.oneId().equals(app.oneId())) {
      throw new AssertionError("expected one person, got " + tmall.oneId() + " and " + app.oneId());
    }
    System.out.println("resolved two records into " + app.oneId());

    ExpressionException error = ExpressionException.at("age >= ", 7, "expected a value");
    if (error.line() != 1 || error.column() != 8) {
      throw new AssertionError("unexpected position in: " + error.getMessage());
    }
    System.out.println(error.getMessage());
  }
}
