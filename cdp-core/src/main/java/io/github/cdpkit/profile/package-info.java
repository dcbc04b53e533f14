/**
 * The user pool: one {@link io.github.cdpkit.profile.Profile} per person, members and prospects
 * alike, composed from what every channel supplied, with channel-scoped access and bulk import.
 *
 * <p>Profiles follow identity: each channel record's attributes, events, memberships and consents
 * are kept against the record's key, and a profile is composed from the records that resolve to one
 * {@link io.github.cdpkit.identity.OneId} now. When people merge, split or are erased in the
 * {@link io.github.cdpkit.identity.IdentityResolver}, their profiles merge, split and are erased
 * with them.
 *
 * <pre>{@code
 * IdentityResolver resolver = IdentityResolver.builder().build();
 * ProfileService profiles = ProfileService.builder(resolver)
 *     .grant(ChannelGrant.builder("pos").readsAllAttributes().edits("address").build())
 *     .strategy("address", MergeStrategy.bySourcePriority("pos", "tmall"))
 *     .build();
 * profiles.ingest("pos", SourceRecord.builder("pos", "c-1")
 *     .identifier("phone", "13800138000").attribute("address", "1 West Lake Rd").build());
 * Profile profile = profiles
 *     .find("pos", Identifier.of("phone", "13800138000"), Detail.CHOSEN).orElseThrow();
 * }</pre>
 */
@NullMarked
package io.github.cdpkit.profile;

import org.jspecify.annotations.NullMarked;
