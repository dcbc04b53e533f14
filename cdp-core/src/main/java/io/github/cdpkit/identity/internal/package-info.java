/**
 * The resolution engine: interned identifiers, a union-find over records on primitive arrays, and the
 * canonical guard decision. Not exported; free to change between releases.
 */
@NullMarked
package io.github.cdpkit.identity.internal;

import org.jspecify.annotations.NullMarked;
