package io.github.cdpkit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.IngestResult.Outcome;
import io.github.cdpkit.identity.event.IdentityEvent;
import io.github.cdpkit.identity.event.Merged;
import io.github.cdpkit.identity.spi.IdentityStore;
import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import io.github.cdpkit.identity.spi.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A store that throws: during a change the resolver is out of step from then on, and refuses to go
 * on; a store that rolls a failed change back lets a new resolver start where the last good change
 * left off. Bad input, and a failed read outside a change, leave the resolver as it was.
 */
class StoreFailureTest {

  private static final byte[] SALT =
      "a secret of at least 16 bytes".getBytes(StandardCharsets.UTF_8);
  private static final RecordKey BRIDGE = RecordKey.of("pos", "3");

  private final List<IdentityEvent> heard = new ArrayList<>();

  private IdentityResolver over(IdentityStore store) {
    return IdentityResolver.builder().store(store).erasureSalt(SALT).listener(heard::add).build();
  }

  /** Two people, then the record that would merge them. */
  private static void twoPeople(IdentityResolver resolver) {
    resolver.ingest(SourceRecord.builder("app", "1").identifier("phone", "13800138000").build());
    resolver.ingest(SourceRecord.builder("app", "2").identifier("email", "li@example.com").build());
  }

  private static SourceRecord bridge() {
    return SourceRecord.builder(BRIDGE.source(), BRIDGE.recordId())
        .identifier("phone", "13800138000").identifier("email", "li@example.com").build();
  }

  @Test
  void shouldRefuseEveryCallButHistoryOnceTheStoreFailedDuringAChange() {
    RuntimeException down = new IllegalStateException("the store is down");
    InMemoryIdentityStore kept = new InMemoryIdentityStore();
    IdentityResolver resolver = over(failing(kept, "putRecord",
        args -> ((StoredRecord) args[0]).key().equals(BRIDGE), down));
    twoPeople(resolver);
    int heardBefore = heard.size();

    assertThatThrownBy(() -> resolver.ingest(bridge())).isSameAs(down);

    List<ThrowingCallable> calls = List.of(
        () -> resolver.ingest(bridge()),
        () -> resolver.ingestAll(List.of(bridge())),
        () -> resolver.resolve(Identifier.of("phone", "13800138000")),
        () -> resolver.resolve(RecordKey.of("app", "1")),
        () -> resolver.current(OneId.of(1)),
        () -> resolver.merge(OneId.of(1), OneId.of(2)),
        resolver::stats,
        resolver::pendingConflicts,
        () -> resolver.snapshot(new ByteArrayOutputStream()));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("out of step with its store")
          .hasMessageContaining("build a new resolver over the store")
          .hasCause(down);
    }
    assertThat(resolver.history(0)).isEqualTo(kept.events(0));
    assertThat(heard).as("the failed change's events").hasSize(heardBefore);
  }

  @Test
  void shouldStartWhereTheLastGoodChangeLeftOffOverAStoreThatRollsBack() {
    RuntimeException down = new IllegalStateException("the store is down");
    AtomicReference<InMemoryIdentityStore> current =
        new AtomicReference<>(new InMemoryIdentityStore());
    // The merge is in the history by the time the record that made it is written, and fails.
    IdentityStore rollingBack = failing(rollingBack(current), "putRecord",
        args -> ((StoredRecord) args[0]).key().equals(BRIDGE), down);
    IdentityResolver resolver = over(rollingBack);
    twoPeople(resolver);

    assertThatThrownBy(() -> resolver.ingest(bridge())).isSameAs(down);
    IdentityResolver restarted = over(rollingBack);

    assertThat(restarted.stats().people()).isEqualTo(2);
    assertThat(restarted.resolve(BRIDGE)).isEmpty();
    assertThat(restarted.history(0)).noneMatch(Merged.class::isInstance);
    assertThat(heard).noneMatch(Merged.class::isInstance);
    assertThat(restarted.ingest(bridge()).outcome()).isEqualTo(Outcome.MERGED);
    assertThat(heard).filteredOn(Merged.class::isInstance).hasSize(1);
    assertThat(restarted.history(0)).filteredOn(Merged.class::isInstance).hasSize(1);
  }

  @Test
  void shouldBeOutOfStepWhenTheStoreFailsToCommitAChange() {
    RuntimeException lost = new IllegalStateException("the commit was lost");
    InMemoryIdentityStore kept = new InMemoryIdentityStore();
    IdentityResolver resolver = over(failing(kept, "atomically",
        args -> !kept.record(BRIDGE).isEmpty(), lost));
    twoPeople(resolver);

    assertThatThrownBy(() -> resolver.ingest(bridge())).isSameAs(lost);

    assertThatThrownBy(resolver::stats).hasCause(lost);
    assertThat(heard).noneMatch(Merged.class::isInstance);
  }

  @Test
  void shouldStayUsableWhenAChangeRefusesBadInput() {
    IdentityResolver resolver = over(new InMemoryIdentityStore());
    twoPeople(resolver);

    assertThatThrownBy(() -> resolver.removeLink(RecordKey.of("app", "9"),
        Identifier.of("phone", "13800138000"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> resolver.merge(OneId.of(1), OneId.of(99)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(resolver.ingest(bridge()).outcome()).isEqualTo(Outcome.MERGED);
  }

  @Test
  void shouldStayUsableWhenAReadOfTheStoreFailsOutsideAChange() {
    RuntimeException down = new IllegalStateException("the store is down");
    AtomicBoolean started = new AtomicBoolean();
    IdentityResolver resolver = over(failing(new InMemoryIdentityStore(), "events",
        args -> started.get(), down));
    started.set(true);

    assertThatThrownBy(() -> resolver.history(0)).isSameAs(down);

    twoPeople(resolver);
    assertThat(resolver.ingest(bridge()).outcome()).isEqualTo(Outcome.MERGED);
    assertThat(resolver.history(0)).filteredOn(Merged.class::isInstance).hasSize(1);
  }

  /**
   * The store, throwing {@code failure} the first time {@code method} is called with arguments
   * that {@code when} accepts; for {@code atomically}, after the change ran (a commit that fails).
   */
  private static IdentityStore failing(
      IdentityStore store, String method, Predicate<Object[]> when, RuntimeException failure) {
    boolean[] failed = {false};
    return proxy((called, args) -> {
      Object result = called.getName().equals("atomically") ? invoke(store, called, args) : null;
      if (called.getName().equals(method) && !failed[0] && when.test(args)) {
        failed[0] = true;
        throw failure;
      }
      return called.getName().equals("atomically") ? result : invoke(store, called, args);
    });
  }

  /**
   * A store over an in-memory one that runs each change on a copy of it, kept only if the change
   * succeeds: a store with transactions.
   */
  private static IdentityStore rollingBack(AtomicReference<InMemoryIdentityStore> current) {
    return proxy((called, args) -> {
      if (!called.getName().equals("atomically")) {
        return invoke(current.get(), called, args);
      }
      InMemoryIdentityStore before = current.get();
      current.set(copyOf(before));
      try {
        return ((Supplier<?>) args[0]).get();
      } catch (RuntimeException | Error e) {
        current.set(before);
        throw e;
      }
    });
  }

  private static InMemoryIdentityStore copyOf(InMemoryIdentityStore store) {
    InMemoryIdentityStore copy = new InMemoryIdentityStore();
    store.forEachRecord(copy::putRecord);
    copy.setLastIssuedId(store.lastIssuedId());
    store.decisions().forEach(copy::putDecision);
    store.deniedHashes().forEach(copy::deny);
    store.events(0).forEach(copy::append);
    return copy;
  }

  /** What a proxy store does with a call. */
  private interface Handler {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  private static IdentityStore proxy(Handler handler) {
    return (IdentityStore) Proxy.newProxyInstance(IdentityStore.class.getClassLoader(),
        new Class<?>[] {IdentityStore.class},
        (proxy, method, args) -> handler.handle(method, args == null ? new Object[0] : args));
  }

  private static Object invoke(IdentityStore store, Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(store, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
