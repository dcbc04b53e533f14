package io.github.cdpkit.loyalty;

/**
 * A loyalty operation that the state of the accounts refuses: an unknown programme, account, order,
 * tier, benefit or merge, too few points, a benefit expired or used up, an account merged into
 * another, or an idempotency key reused for a different operation. The message names what was refused and why; nothing changed.
 */
public final class LoyaltyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an operation was refused. */
  public enum Reason {
    /** No programme has the id. */
    UNKNOWN_PROGRAM,
    /** The person is not a member of the programme. */
    UNKNOWN_ACCOUNT,
    /** The account has no order with the id. */
    UNKNOWN_ORDER,
    /** The programme has no tier with the id. */
    UNKNOWN_TIER,
    /** The catalogue or the account has no benefit with the id. */
    UNKNOWN_BENEFIT,
    /** No merge was recorded under the key. */
    UNKNOWN_MERGE,
    /** The account cannot spend that many points now. */
    INSUFFICIENT_POINTS,
    /** More was refunded than the order paid. */
    REFUND_EXCEEDS_ORDER,
    /** The benefit's validity has ended. */
    BENEFIT_EXPIRED,
    /** The benefit has no use left. */
    BENEFIT_USED_UP,
    /**
     * The account merged into another and stays empty until the merge is undone: operate on the
     * account it merged into (for an identity merge, the survivor's).
     */
    ACCOUNT_MERGED,
    /** The idempotency key was used before for a different operation. */
    KEY_REUSED,
    /** The points of two programmes cannot be converted into each other. */
    NO_CONVERSION
  }

  /** Why the operation was refused. */
  private final Reason reason;

  private LoyaltyException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Creates the exception.
   *
   * @param reason why the operation was refused
   * @param message what was refused, naming the values
   * @return the exception
   */
  public static LoyaltyException of(Reason reason, String message) {
    return new LoyaltyException(reason, message);
  }

  /**
   * Creates the exception for a programme id nobody registered.
   *
   * @param program the id
   * @return the exception
   */
  public static LoyaltyException unknownProgram(String program) {
    return new LoyaltyException(Reason.UNKNOWN_PROGRAM, "unknown program: " + program);
  }

  /**
   * Creates the exception for an account that does not exist.
   *
   * @param account the account
   * @return the exception
   */
  public static LoyaltyException unknownAccount(AccountKey account) {
    return new LoyaltyException(Reason.UNKNOWN_ACCOUNT, "unknown account: " + account);
  }

  /**
   * Creates the exception for an idempotency key that was used for another operation.
   *
   * @param key the key
   * @param first the operation the key was first used for
   * @param now the operation attempted now
   * @return the exception
   */
  public static LoyaltyException keyReused(String key, Object first, Object now) {
    return new LoyaltyException(Reason.KEY_REUSED, "idempotency key '" + key
        + "' was used for a different operation: first " + first + ", now " + now);
  }

  /**
   * Returns why the operation was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
