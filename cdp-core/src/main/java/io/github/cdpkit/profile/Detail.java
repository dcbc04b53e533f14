package io.github.cdpkit.profile;

/** How much of each attribute a profile shows. */
public enum Detail {
  /** The value the attribute's merge strategy chose. */
  CHOSEN,
  /** The chosen value and every source's value, with which channel said it and when. */
  WITH_SOURCES
}
