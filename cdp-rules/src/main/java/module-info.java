/**
 * CDP Kit rules: the tag and segment expression language and, in later releases, tags, segments,
 * promotions and campaigns.
 *
 * <p>Exports the API packages of each area; the engines under {@code internal} stay hidden. The core
 * module is required transitively because the rules' API speaks in its types ({@code OneId}, events).
 */
module io.github.cdpkit.rules {
  requires transitive io.github.cdpkit.core;
  requires static org.jspecify;

  exports io.github.cdpkit.expr;
}
