package io.github.cdpkit.examples.cli;

import io.github.cdpkit.identity.Explanation;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.Person;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.event.Conflict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code cdp demo}: runs the worked examples of OneID resolution through a resolver with the
 * built-in identifier types, and prints what the resolver decided.
 *
 * <ol>
 *   <li>Three channels, one person: platform A knows a user by phone and device id, B by e-mail and
 *       the same device id, C by the same e-mail and a WeChat OpenID. A and B link through the
 *       device id, B and C through the e-mail: one OneId holding the phone, the e-mail and the
 *       OpenID, and {@code explain} shows the chain.
 *   <li>A merge conflict: a family phone shared by two members with different member numbers. The
 *       link through the phone is refused and reported, and the two stay apart.
 * </ol>
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs the worked OneID examples (three channels, one person; a family phone"
        + " between two members) and prints what the resolver decided.")
final class DemoCommand implements Callable<Integer> {

  private static final String DEVICE = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
  private static final String FAMILY_PHONE = "139 0000 1111";

  private final PrintWriter out;

  /**
   * Creates the command.
   *
   * @param out where the report goes
   */
  DemoCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    threeChannelsOnePerson();
    out.println();
    familyPhone();
    out.flush();
    return 0;
  }

  private void threeChannelsOnePerson() {
    out.println("OneID: three channels, one person");
    out.println();
    Identifier phone = Identifier.of("phone", "138 0013 8000");
    Identifier openId = Identifier.of("wechat_openid", "wxapp1", "oAbC123");
    List<SourceRecord> records = List.of(
        SourceRecord.builder("tmall", "A-1")
            .identifier(phone)
            .identifier("device_id", DEVICE)
            .build(),
        SourceRecord.builder("jd", "B-1")
            .identifier("email", "Li.Lei@Example.com")
            .identifier("device_id", DEVICE.toUpperCase(Locale.ROOT))
            .build(),
        SourceRecord.builder("wechat", "C-1")
            .identifier("email", " li.lei@example.com ")
            .identifier(openId)
            .build());

    IdentityResolver resolver = IdentityResolver.builder().build();
    ingestAndPrint(resolver, records);

    Set<OneId> people = new LinkedHashSet<>();
    for (SourceRecord record : records) {
      resolver.resolve(record.key()).ifPresent(people::add);
    }
    out.println();
    if (people.size() != 1) {
      out.println("  the three records are " + people.size() + " people: " + people);
      return;
    }
    OneId oneId = people.iterator().next();
    out.println("  A, B and C are one person: " + oneId);
    resolver.person(oneId).map(Person::identifiers).ifPresent(identifiers ->
        out.println("  " + oneId + " holds " + join(identifiers)));

    out.println();
    out.println("  why " + phone + " and " + openId + " are one person:");
    Optional<Explanation> explanation = resolver.explain(phone, openId);
    if (explanation.isEmpty()) {
      out.println("    the resolver found no chain");
      return;
    }
    Explanation chain = explanation.get();
    if (chain.links().isEmpty()) {
      out.println("    " + chain.record() + " holds both");
    }
    for (Explanation.Link link : chain.links()) {
      Identifier shared = link.shared();
      out.println("    " + link.left() + " -> " + link.right() + ": "
          + (shared == null ? "merged by hand" : "both hold " + shared));
    }
  }

  private void familyPhone() {
    out.println("Merge conflict: one family phone, two members");
    out.println();
    List<Conflict> refused = new ArrayList<>();
    IdentityResolver resolver = IdentityResolver.builder()
        .listener(event -> {
          if (event instanceof Conflict conflict) {
            refused.add(conflict);
          }
        })
        .build();
    List<SourceRecord> records = List.of(
        SourceRecord.builder("pos", "P-1")
            .identifier("member_no", "M-1001")
            .identifier("phone", FAMILY_PHONE)
            .build(),
        SourceRecord.builder("app", "P-2")
            .identifier("member_no", "M-2002")
            .identifier("phone", FAMILY_PHONE)
            .build());
    ingestAndPrint(resolver, records);

    out.println();
    OneId first = finalId(resolver, records.get(0).key());
    OneId second = finalId(resolver, records.get(1).key());
    out.println("  " + records.get(0).key() + " is " + first + ", " + records.get(1).key() + " is "
        + second + (first.equals(second) ? ": merged into one" : ": kept apart"));
    if (refused.isEmpty()) {
      out.println("  no link was refused");
    }
    for (Conflict conflict : refused) {
      out.println("  refused link: " + ResolveCommand.describe(resolver, conflict));
    }
    out.println("  waiting for a person to decide (merge, never merge or dismiss): "
        + resolver.pendingConflicts().size() + " conflict(s)");
  }

  private void ingestAndPrint(IdentityResolver resolver, List<SourceRecord> records) {
    for (SourceRecord record : records) {
      IngestResult result = resolver.ingest(record);
      OneId oneId = result.oneId();
      out.printf("  %-10s  %s%n  %-10s  -> %s (%s)%n", record.key(), join(record.identifiers()),
          "", oneId == null ? "-" : oneId, result.outcome());
    }
  }

  private static OneId finalId(IdentityResolver resolver, RecordKey key) {
    return resolver.resolve(key).orElseThrow(
        () -> new IllegalStateException("the resolver lost record " + key));
  }

  private static String join(List<Identifier> identifiers) {
    return identifiers.stream().map(Identifier::toString).collect(Collectors.joining(", "));
  }
}
