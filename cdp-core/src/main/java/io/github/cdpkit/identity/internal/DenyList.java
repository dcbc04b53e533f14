package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.spi.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The erased identifiers and record keys, kept only as HMAC-SHA256 values under a secret salt, so
 * the list itself gives none of them back. Checked on ingest only once something was erased.
 */
final class DenyList {

  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] salt;
  private final IdentityStore store;
  private final Set<String> hashes = ConcurrentHashMap.newKeySet();
  // Bumped by every deny: a record checked against an older version is checked again.
  private final AtomicInteger version = new AtomicInteger();
  private final ThreadLocal<Mac> macs;

  DenyList(byte[] salt, IdentityStore store) {
    this.salt = salt.clone();
    this.store = store;
    SecretKeySpec key = new SecretKeySpec(this.salt, ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK must provide " + ALGORITHM, e);
      }
    });
    hashes.addAll(store.deniedHashes());
  }

  /** The number of hashes added since the resolver started; read before checking a record. */
  int version() {
    return version.get();
  }

  boolean active() {
    return !hashes.isEmpty();
  }

  boolean isDenied(String key) {
    return hashes.contains(hash(key));
  }

  void deny(String key) {
    String hash = hash(key);
    if (hashes.add(hash)) {
      store.deny(hash);
      version.incrementAndGet();
    }
  }

  byte[] salt() {
    return salt.clone();
  }

  private String hash(String key) {
    byte[] digest = macs.get().doFinal(key.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
