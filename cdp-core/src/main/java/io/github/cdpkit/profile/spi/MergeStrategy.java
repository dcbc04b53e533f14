package io.github.cdpkit.profile.spi;

import io.github.cdpkit.profile.SourcedValue;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses an attribute's value from the values its sources gave. Implementations must be
 * deterministic and thread-safe; the built-in ones are.
 *
 * <pre>{@code
 * MergeStrategy address = MergeStrategy.bySourcePriority("pos", "mini_program", "tmall");
 * MergeStrategy upper = values -> List.of(values.get(values.size() - 1).value().toUpperCase());
 * }</pre>
 */
@FunctionalInterface
public interface MergeStrategy {

  /**
   * Chooses the value or values to show.
   *
   * @param values every source's value, at least one, oldest first (ties by record key)
   * @return the chosen values, at least one
   */
  List<String> choose(List<SourcedValue> values);

  /**
   * Returns the strategy that shows the most recently observed value.
   *
   * @return the strategy
   */
  static MergeStrategy mostRecent() {
    return values -> List.of(values.get(values.size() - 1).value());
  }

  /**
   * Returns the strategy that shows the earliest observed value, such as a registration date.
   *
   * @return the strategy
   */
  static MergeStrategy oldest() {
    return values -> List.of(values.get(0).value());
  }

  /**
   * Returns the strategy that shows the value of the highest-priority channel, and among one
   * channel's values the most recent; channels not listed rank below all listed ones.
   *
   * @param channels the channels, highest priority first (the POS before a marketplace)
   * @return the strategy
   */
  static MergeStrategy bySourcePriority(String... channels) {
    List<String> ranking = List.of(channels);
    Comparator<SourcedValue> byRank = Comparator.comparingInt(value -> {
      int rank = ranking.indexOf(value.channel());
      return rank < 0 ? ranking.size() : rank;
    });
    return values -> {
      SourcedValue best = values.get(values.size() - 1);
      for (SourcedValue value : values) {
        // later values win ties, so the most recent value of the best channel is kept
        if (byRank.compare(value, best) <= 0) {
          best = value;
        }
      }
      return List.of(best.value());
    };
  }

  /**
   * Returns the strategy that shows every distinct value, oldest first, such as all the addresses a
   * person gave.
   *
   * @return the strategy
   */
  static MergeStrategy collectAll() {
    return values -> values.stream().map(SourcedValue::value).distinct().toList();
  }
}
