package io.jinference.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks API that may change in any release: its shapes follow a server feature still being built
 * (the inference pipelines answer 501 on jinference today).
 *
 * <pre>{@code
 * @Experimental
 * public PipelinesService pipelines() { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Experimental {}
