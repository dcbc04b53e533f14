/**
 * What the areas of cdp-core share without knowing each other: reading text with Jackson and
 * saying in our own words what is wrong with it, and the range of instants the resolver can keep.
 * Not exported; free to change between releases.
 */
@NullMarked
package io.github.cdpkit.core.internal;

import org.jspecify.annotations.NullMarked;
