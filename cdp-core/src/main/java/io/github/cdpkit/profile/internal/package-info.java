/** The engine of the user pool; not exported, free to change between releases. */
@NullMarked
package io.github.cdpkit.profile.internal;

import org.jspecify.annotations.NullMarked;
