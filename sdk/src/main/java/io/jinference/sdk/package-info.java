/**
 * The jinference SDK: {@link io.jinference.sdk.InferenceHTTPClient} and the values it sends and
 * answers. Everything here is non-null unless annotated {@link org.jspecify.annotations.Nullable}.
 * The {@code io.jinference.sdk.internal} packages are not API: they may change in any release.
 */
@NullMarked
package io.jinference.sdk;

import org.jspecify.annotations.NullMarked;
