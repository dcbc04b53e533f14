package io.github.cdpkit.identity.internal;

import io.github.cdpkit.identity.spi.IdentityStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The erased identifiers and record keys, kept only as HMAC-SHA256 values under a secret salt, so
 * the list itself gives none of them back. Checked on ingest only once something was erased.
 *
 * <p>An HMAC costs about as much as the rest of a record's ingest, so every stored value also
 * carries a 20-bit fingerprint of its key, keyed by the salt too ({@code fingerprint.mac}), and a
 * bitmap of the fingerprints answers "surely not denied" for nearly every key without the HMAC. A
 * fingerprint tells nothing without the salt, and with the salt no more than the HMAC beside it.
 * Values stored before fingerprints (a bare HMAC) still deny; while any is on the list, every key
 * is checked by its HMAC, as it used to be.
 */
final class DenyList {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int FINGERPRINT_BITS = 20;
  private static final int FINGERPRINT_HEX_DIGITS = (FINGERPRINT_BITS + 3) / 4;
  private static final char SEPARATOR = '.'; // in no URL-safe Base64 text

  private final byte[] salt;
  private final IdentityStore store;
  private final Set<String> macs = ConcurrentHashMap.newKeySet();
  // One bit per fingerprint of a denied key; read without a lock by the threads preparing records.
  private final AtomicLongArray fingerprints = new AtomicLongArray((1 << FINGERPRINT_BITS) / 64);
  private final long fingerprintSeed;
  private volatile boolean unfingerprinted;
  // Bumped by every deny, after its fingerprint is set: a record checked against an older version
  // is checked again.
  private final AtomicInteger version = new AtomicInteger();
  private final ThreadLocal<Mac> hmacs;

  DenyList(byte[] salt, IdentityStore store) {
    this.salt = salt.clone();
    this.store = store;
    SecretKeySpec key = new SecretKeySpec(this.salt, ALGORITHM);
    this.hmacs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK must provide " + ALGORITHM, e);
      }
    });
    this.fingerprintSeed = ByteBuffer.wrap(
        hmacs.get().doFinal("deny list fingerprint".getBytes(StandardCharsets.UTF_8))).getLong();
    store.deniedHashes().forEach(this::load);
  }

  /** Takes a stored value back: {@code fingerprint.mac}, or a bare HMAC from before fingerprints. */
  private void load(String stored) {
    int separator = stored.indexOf(SEPARATOR);
    int fingerprint = -1;
    if (separator > 0 && separator <= FINGERPRINT_HEX_DIGITS) {
      try {
        fingerprint = Integer.parseInt(stored, 0, separator, 16);
      } catch (NumberFormatException notOurs) {
        // Not a fingerprint of ours: the whole value is taken as a bare HMAC below.
      }
    }
    if (fingerprint < 0) {
      unfingerprinted = true;
      macs.add(stored);
    } else {
      markFingerprint(fingerprint);
      macs.add(stored.substring(separator + 1));
    }
  }

  /** The number of hashes added since the resolver started; read before checking a record. */
  int version() {
    return version.get();
  }

  boolean active() {
    return !macs.isEmpty();
  }

  boolean isDenied(String key) {
    if (!unfingerprinted && !hasFingerprint(fingerprint(key))) {
      return false;
    }
    return macs.contains(mac(key));
  }

  void deny(String key) {
    String mac = mac(key);
    if (macs.add(mac)) {
      int fingerprint = fingerprint(key);
      markFingerprint(fingerprint);
      store.deny(Integer.toHexString(fingerprint) + SEPARATOR + mac);
      version.incrementAndGet();
    }
  }

  byte[] salt() {
    return salt.clone();
  }

  private String mac(String key) {
    byte[] digest = hmacs.get().doFinal(key.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** The key's string hash mixed with the salt's seed (MurmurHash3's finaliser), its top bits. */
  private int fingerprint(String key) {
    long mixed = key.hashCode() ^ fingerprintSeed;
    mixed = (mixed ^ (mixed >>> 33)) * 0xFF51AFD7ED558CCDL;
    mixed = (mixed ^ (mixed >>> 33)) * 0xC4CEB9FE1A85EC53L;
    mixed ^= mixed >>> 33;
    return (int) (mixed >>> (Long.SIZE - FINGERPRINT_BITS));
  }

  private boolean hasFingerprint(int fingerprint) {
    return (fingerprints.get(fingerprint >>> 6) & (1L << fingerprint)) != 0;
  }

  private void markFingerprint(int fingerprint) {
    long bit = 1L << fingerprint;
    fingerprints.getAndUpdate(fingerprint >>> 6, word -> word | bit);
  }
}
