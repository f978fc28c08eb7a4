package io.jinference.server.http.filter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route whose handler reads the request's {@code api_key} from its JSON body through {@link
 * ApiKeys}: with server API keys set, {@link AccessControlFilter} lets such a request through
 * without a query or header key and {@link ApiKeys} checks the body's key before any work is done.
 * Other routes need the key in the query or header.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AcceptsBodyApiKey {}
