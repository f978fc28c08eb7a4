package io.jinference.sdk;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a record gives its class for free, for the SDK's value types, which are classes so that Java
 * 11 can use them: two values are equal when they are of the same class and every part is equal
 * (primitives are boxed, whose {@code equals} is {@code Double.compare}'s, as a record's), equal
 * values hash alike, and {@code toString} is a record's {@code Name[part=value, ...]}.
 */
abstract class Value {
  Value() {}

  /**
   * The parts, in the order of the public constructor's parameters.
   *
   * @return the parts
   */
  abstract Object[] parts();

  /**
   * The parts' names, in the same order.
   *
   * @return the names
   */
  abstract String[] partNames();

  @Override
  public final boolean equals(@Nullable Object o) {
    return o == this
        || (o != null && o.getClass() == getClass() && Arrays.equals(parts(), ((Value) o).parts()));
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(parts());
  }

  @Override
  public final String toString() {
    Object[] parts = parts();
    String[] names = partNames();
    StringBuilder s = new StringBuilder(getClass().getSimpleName()).append('[');
    for (int i = 0; i < parts.length; i++) {
      s.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(parts[i]);
    }
    return s.append(']').toString();
  }
}
