package io.gridwatch.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Password hashing with Argon2id (RFC 9106) through password4j, and the password policy.
 *
 * <p>Parameters: 19 MiB of memory, 2 passes, 1 lane, a 16-byte random salt and a 32-byte
 * hash: the OWASP Password Storage Cheat Sheet's first Argon2id setting, about 50 ms per hash on
 * one core here. Hashes are stored in PHC string form, which carries its parameters, so hashes
 * made with other parameters keep verifying if these are ever raised.
 *
 * <p>Hashing and verifying are deliberately slow, so they never run on an event loop: both go
 * to {@code executeBlocking} on a worker pool of their own, as small as the machine's cores, so
 * that a flood of logins can neither use more memory than pool size × 19 MiB nor starve other
 * blocking work (imports, batch resolution) of the shared worker pool. Thread-safe.
 */
public final class Passwords {
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int HASH_BYTES = 32;
  static final int SALT_BYTES = 16;
  /** The shortest password the API accepts. */
  public static final int MIN_LENGTH = 10;
  /** The longest accepted anywhere: enough for any passphrase, short enough to hash cheaply. */
  public static final int MAX_LENGTH = 256;

  private static final Argon2Function ARGON2 = Argon2Function.getInstance(
      MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
  private final WorkerExecutor workers;
  private volatile String dummyHash;

  public Passwords(Vertx vertx) {
    this.workers = vertx.createSharedWorkerExecutor("gridwatch-passwords",
        Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Prepares the hash that unknown usernames are checked against, so that a login for a
   * username that does not exist takes as long as one with a wrong password.
   */
  public Future<Void> start() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return hash(Base64.getEncoder().encodeToString(random)).onSuccess(h -> dummyHash = h).mapEmpty();
  }

  /** The Argon2id hash of {@code password}, in PHC string form, computed on a worker. */
  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2).getResult(),
        false);
  }

  /**
   * Whether {@code password} matches {@code storedHash}, on a worker. A null hash (unknown user)
   * is checked against a dummy hash and is never a match: the work done is the same.
   */
  public Future<Boolean> verify(String password, String storedHash) {
    boolean known = storedHash != null;
    String hash = known ? storedHash : dummyHash;
    if (hash == null) {
      return Future.failedFuture(new IllegalStateException("Passwords.start() has not completed"));
    }
    return workers.executeBlocking(() -> {
      boolean ok;
      try {
        ok = Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
      } catch (RuntimeException e) {
        // A damaged stored hash is a failed check, not an error the client hears about.
        ok = false;
      }
      return ok && known;
    }, false);
  }

  /**
   * What is wrong with a new password, or empty if it is acceptable: at least
   * {@value #MIN_LENGTH} characters, at most {@value #MAX_LENGTH}, not the username.
   */
  public static Optional<String> weakness(String password, String username) {
    int n = password.codePointCount(0, password.length());
    if (n < MIN_LENGTH) {
      return Optional.of("must be at least " + MIN_LENGTH + " characters long");
    }
    if (n > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters long");
    }
    if (username != null && password.strip().toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
      return Optional.of("must not be the username");
    }
    return Optional.empty();
  }
}
