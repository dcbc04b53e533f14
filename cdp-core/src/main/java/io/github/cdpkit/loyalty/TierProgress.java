package io.github.cdpkit.loyalty;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a member stands on the tier ladder: what is needed to keep the tier and to reach the next.
 *
 * @param tier the tier the member holds now, overrides included
 * @param earned the tier earned by activity, which an override hides until it ends
 * @param next the next tier above the earned one, or {@code null} at the top
 * @param achieved how much of the ladder's basis the member has in the current window, at most
 *     {@link Long#MAX_VALUE} (see {@link TierLadder})
 * @param neededToKeep how much more the window needs for the member to keep the earned tier at
 *     the next evaluation
 * @param neededForNext how much more is needed to reach the next tier; 0 at the top
 * @param evaluationAt when the member is next evaluated for a downgrade
 * @param overrideUntil when a manual override ends, or {@code null} if none is active
 */
public record TierProgress(
    String tier,
    String earned,
    @Nullable String next,
    long achieved,
    long neededToKeep,
    long neededForNext,
    Instant evaluationAt,
    @Nullable Instant overrideUntil) {}
