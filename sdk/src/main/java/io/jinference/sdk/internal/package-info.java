/**
 * Not API: the SDK's transport, encoding, retry and result-reading helpers, public only so that
 * {@code io.jinference.sdk} can reach them. They may change in any release; japicmp and the API
 * record skip this package. Everything here is non-null unless annotated {@link
 * org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.jinference.sdk.internal;

import org.jspecify.annotations.NullMarked;
