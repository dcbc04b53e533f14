package io.github.cdpkit.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.spi.InMemoryIdentityStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deny list against a plain set of the denied keys: the fingerprints that spare most keys their
 * HMAC must never let a denied key through, across restarts and with values stored before them.
 */
class DenyListTest {

  private static final byte[] SALT = "a salt of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void shouldDenyExactlyTheDeniedKeysAlsoAfterARestart(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    DenyList denyList = new DenyList(SALT, store);
    Set<String> denied = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String key = key(random);
      denyList.deny(key);
      denied.add(key);
    }
    List<String> others = new ArrayList<>();
    while (others.size() < 20_000) {
      String key = key(random);
      if (!denied.contains(key)) {
        others.add(key);
      }
    }
    DenyList restarted = new DenyList(SALT, store);

    for (DenyList list : List.of(denyList, restarted)) {
      assertThat(denied).allMatch(list::isDenied);
      assertThat(others).noneMatch(list::isDenied);
    }
    assertThat(store.deniedHashes()).hasSize(denied.size());
  }

  @Test
  void shouldDenyAKeyStoredAsABareHmacFromBeforeFingerprints() throws Exception {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    store.deny(bareHmac("\u0003wx1\u0000oAbC"));
    store.deny("zz.not-a-fingerprint"); // a value in no form of ours is kept, and denies nothing

    DenyList denyList = new DenyList(SALT, store);
    denyList.deny("\u0002+8613800138000");

    assertThat(denyList.isDenied("\u0003wx1\u0000oAbC")).isTrue();
    assertThat(denyList.isDenied("\u0002+8613800138000")).isTrue();
    assertThat(denyList.isDenied("\u0002+8613800138001")).isFalse();
    assertThat(new DenyList(SALT, store).isDenied("\u0003wx1\u0000oAbC")).isTrue();
  }

  @Test
  void shouldKeepNoKeyTextInTheStore() {
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    DenyList denyList = new DenyList(SALT, store);

    denyList.deny("\u0002+8613800138000");
    denyList.deny("\u0002+8613800138000");

    assertThat(store.deniedHashes()).singleElement()
        .satisfies(stored -> assertThat(stored).doesNotContain("13800138000").contains("."));
    assertThat(denyList.version()).isEqualTo(1);
  }

  private static String bareHmac(String key) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
  }

  private static String key(SplittableRandom random) {
    return "\u0002+86" + (13_000_000_000L + random.nextLong(7_000_000_000L));
  }
}
