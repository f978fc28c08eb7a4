package io.jinference.server.workflow.blocks;

import io.jinference.server.workflow.engine.WorkflowException;
import java.util.Map;

/**
 * Reading a step's numeric fields: a literal or a runtime parameter of the wrong type or range is a
 * 400 naming the field, never a cast failure (500).
 */
final class BlockFields {
  private BlockFields() {}

  /** An integer of at least 1. */
  static int positiveInteger(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (!(v instanceof Number) || ((Number) v).intValue() < 1) {
      throw WorkflowException.definition(field + " must be a positive integer, not " + v + ".");
    }
    return ((Number) v).intValue();
  }

  /** An integer of at least 0. */
  static int nonNegativeInteger(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (!(v instanceof Number) || ((Number) v).intValue() < 0) {
      throw WorkflowException.definition(field + " must be a non-negative integer, not " + v + ".");
    }
    return ((Number) v).intValue();
  }

  /** A number above 0. */
  static double positiveNumber(Map<String, Object> in, String field) {
    Object v = in.get(field);
    if (!(v instanceof Number) || !(((Number) v).doubleValue() > 0)) {
      throw WorkflowException.definition(field + " must be a positive number, not " + v + ".");
    }
    return ((Number) v).doubleValue();
  }

  /** A number from 0 to 1. */
  static double fraction(Map<String, Object> in, String field) {
    Object v = in.get(field);
    double d = v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    if (!(d >= 0 && d <= 1)) {
      throw WorkflowException.definition(field + " must be between 0 and 1, not " + v + ".");
    }
    return d;
  }
}
