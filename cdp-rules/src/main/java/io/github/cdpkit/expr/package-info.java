/**
 * The tag and segment expression language: the text an operator writes to define a rule tag or an
 * audience, such as {@code age >= 40 and age < 60 and has_tag("rural_appliance")}.
 *
 * <p>An expression that cannot be parsed or evaluated fails with an
 * {@link io.github.cdpkit.expr.ExpressionException}, which names the line and column of the fault and
 * shows the offending line with a caret under it, so the operator can fix the text without reading
 * code.
 */
@NullMarked
package io.github.cdpkit.expr;

import org.jspecify.annotations.NullMarked;
