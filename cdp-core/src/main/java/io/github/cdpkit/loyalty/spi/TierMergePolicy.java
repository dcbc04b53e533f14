package io.github.cdpkit.loyalty.spi;

import io.github.cdpkit.loyalty.AccountKey;
import io.github.cdpkit.loyalty.LoyaltyProgram;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides the tier of an account that other accounts merged into.
 *
 * <p>Tiers of different programmes compare by rank, their position on their own ladder (0 for the
 * lowest); a rank above the target's top tier means the top tier.
 */
@FunctionalInterface
public interface TierMergePolicy {

  /**
   * Returns the target's tier after the merge.
   *
   * @param target the target's programme
   * @param candidates the tier of the target and of every source before the merge; the target first
   * @param recomputed the tier the target qualifies for from the merged qualifying history, in the
   *     current window
   * @return the id of one of {@code target}'s tiers
   */
  String mergedTier(LoyaltyProgram target, List<Candidate> candidates, String recomputed);

  /**
   * Returns the default policy: the highest tier of all the accounts wins.
   *
   * @return the policy
   */
  static TierMergePolicy highestWins() {
    return (target, candidates, recomputed) -> atRank(target,
        candidates.stream().mapToInt(Candidate::rank).max().orElse(0));
  }

  /**
   * Returns the policy that gives the tier the merged qualifying history earns.
   *
   * @return the policy
   */
  static TierMergePolicy recompute() {
    return (target, candidates, recomputed) -> recomputed;
  }

  /**
   * Returns the policy under which the tier held in {@code program} wins, the highest if several
   * accounts of it merge; when none of the accounts belongs to it, the highest tier wins.
   *
   * @param program the id of the priority programme
   * @return the policy
   */
  static TierMergePolicy priorityProgram(String program) {
    Objects.requireNonNull(program, "program");
    return (target, candidates, recomputed) -> candidates.stream()
        .filter(candidate -> candidate.account().program().equals(program))
        .max(Comparator.comparingInt(Candidate::rank))
        .map(candidate -> atRank(target, candidate.rank()))
        .orElseGet(() -> highestWins().mergedTier(target, candidates, recomputed));
  }

  private static String atRank(LoyaltyProgram target, int rank) {
    var tiers = target.tiers().tiers();
    return tiers.get(Math.min(rank, tiers.size() - 1)).id();
  }

  /**
   * The tier one of the merging accounts held.
   *
   * @param account the account
   * @param tier the tier's id
   * @param rank the tier's position on its programme's ladder, 0 for the lowest
   */
  record Candidate(AccountKey account, String tier, int rank) {}
}
