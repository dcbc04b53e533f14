/**
 * OneID: identity resolution across channels.
 *
 * <p>Each channel knows a person under its own ids. A {@link io.github.cdpkit.identity.SourceRecord}
 * is one channel's record of a user with its typed {@link io.github.cdpkit.identity.Identifier}s;
 * the {@link io.github.cdpkit.identity.IdentityResolver} links records that share a normalised
 * identifier into one person, the {@link io.github.cdpkit.identity.OneId}, while its guards refuse
 * the links that would glue different people together.
 *
 * <pre>{@code
 * IdentityResolver resolver = IdentityResolver.builder().build();
 * resolver.ingest(SourceRecord.builder("tmall", "A-1")
 *     .identifier(Identifier.of("phone", "138 0013 8000"))
 *     .identifier(Identifier.of("device_id", "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c")).build());
 * OneId person = resolver.resolve(Identifier.of("phone", "+86 13800138000")).orElseThrow();
 * }</pre>
 */
@NullMarked
package io.github.cdpkit.identity;

import org.jspecify.annotations.NullMarked;
