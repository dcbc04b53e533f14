package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.Explanation;
import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentityResolver;
import io.github.cdpkit.identity.IdentityStats;
import io.github.cdpkit.identity.IngestResult;
import io.github.cdpkit.identity.OneId;
import io.github.cdpkit.identity.Person;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.event.Conflict;
import io.github.cdpkit.identity.event.Erased;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.IdentityListener;
import io.github.cdpkit.identity.spi.IdentityStore;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/** The engine; the API is fixed, the body lands in the next commit. */
public final class GraphIdentityResolver implements IdentityResolver {
  public GraphIdentityResolver(ResolverSettings settings, IdentityStore store) {}
  private static UnsupportedOperationException todo() { return new UnsupportedOperationException("engine lands next"); }
  @Override public IngestResult ingest(SourceRecord record) { throw todo(); }
  @Override public List<IngestResult> ingestAll(List<SourceRecord> records) { throw todo(); }
  @Override public Optional<OneId> resolve(Identifier identifier) { throw todo(); }
  @Override public Optional<OneId> resolve(RecordKey record) { throw todo(); }
  @Override public Optional<OneId> current(OneId oneId) { throw todo(); }
  @Override public Optional<Person> person(OneId oneId) { throw todo(); }
  @Override public OneId merge(OneId a, OneId b) { throw todo(); }
  @Override public void neverMerge(OneId a, OneId b) { throw todo(); }
  @Override public List<OneId> removeRecord(RecordKey record) { throw todo(); }
  @Override public List<OneId> removeLink(RecordKey record, Identifier identifier) { throw todo(); }
  @Override public Erased erase(OneId oneId) { throw todo(); }
  @Override public Optional<Explanation> explain(Identifier from, Identifier to) { throw todo(); }
  @Override public List<Conflict> pendingConflicts() { throw todo(); }
  @Override public boolean dismiss(long conflictSequence) { throw todo(); }
  @Override public List<IdentityEvent> history(long afterSequence) { throw todo(); }
  @Override public void addListener(IdentityListener listener) { throw todo(); }
  @Override public boolean removeListener(IdentityListener listener) { throw todo(); }
  @Override public IdentityStats stats() { throw todo(); }
  @Override public void snapshot(OutputStream out) { throw todo(); }
}
