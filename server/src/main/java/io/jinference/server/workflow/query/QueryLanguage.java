package io.jinference.server.workflow.query;

import io.jinference.server.inference.task.Classification;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.workflow.engine.RunLimits;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import io.jinference.server.workflow.engine.WorkflowJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The part of Roboflow's workflow query language (UQL) that filters and branch conditions use:
 * {@code StatementGroup} ({@code and}/{@code or}), {@code BinaryStatement} with the comparators
 * {@code ==}, {@code !=}, {@code (Number) >|>=|<|<=}, {@code in (Sequence)}, {@code (String)
 * startsWith|endsWith|contains}, {@code UnaryStatement} with {@code Exists}, {@code DoesNotExist},
 * {@code (Boolean) is True|False}, operands {@code StaticOperand} and {@code DynamicOperand} (a
 * parameter, or {@code _} for the detection being filtered) with the operations {@code
 * ExtractDetectionProperty}, {@code DetectionsPropertyExtract}, {@code
 * ClassificationPropertyExtract}, {@code SequenceLength}, on detections {@code DetectionsFilter},
 * {@code SortDetections}, {@code DetectionsSelection}, {@code DetectionsOffset}, {@code
 * DetectionsShift} and {@code DetectionsRename}, and those on plain values in {@link
 * ValueOperations}. Anything else is a clear error naming it.
 */
public final class QueryLanguage {
  private QueryLanguage() {}

  /**
   * Evaluates a statement.
   *
   * @param statement the UQL statement (a map as in the definition)
   * @param parameters resolved operand values by name
   * @param subject the detection being filtered ({@code _}), or null
   */
  public static boolean evaluate(
      Object statement, Map<String, Object> parameters, Detection subject) {
    Map<?, ?> s = map(statement, "statement");
    String type = String.valueOf(s.get("type"));
    boolean result;
    switch (type) {
      case "StatementGroup":
        {
          boolean or = "or".equalsIgnoreCase(String.valueOf(s.get("operator")));
          result = !or;
          for (Object inner : list(s.get("statements"), "statements")) {
            boolean v = evaluate(inner, parameters, subject);
            result = or ? result || v : result && v;
          }
          break;
        }
      case "BinaryStatement":
        result =
            compare(
                operand(s.get("left_operand"), parameters, subject),
                type(s.get("comparator")),
                operand(s.get("right_operand"), parameters, subject));
        break;
      case "UnaryStatement":
        result = unary(operand(s.get("operand"), parameters, subject), type(s.get("operator")));
        break;
      default:
        throw WorkflowException.definition("Unsupported statement type: " + type);
    }
    return Boolean.TRUE.equals(s.get("negate")) != result;
  }

  private static Object operand(Object o, Map<String, Object> parameters, Detection subject) {
    Map<?, ?> m = map(o, "operand");
    switch (String.valueOf(m.get("type"))) {
      case "StaticOperand":
        return m.get("value");
      case "DynamicOperand":
        {
          String name = m.get("operand_name") == null ? "_" : String.valueOf(m.get("operand_name"));
          Object value = name.equals("_") ? subject : parameters.get(name);
          return m.get("operations") == null
              ? value
              : apply(m.get("operations"), value, parameters);
        }
      default:
        throw WorkflowException.definition("Unsupported operand type: " + m.get("type"));
    }
  }

  /** Applies a list of operations in order, each to the previous one's result. */
  public static Object apply(Object operations, Object value, Map<String, Object> parameters) {
    Object v = value;
    for (Object op : list(operations, "operations")) {
      RunLimits
          .checkCurrentDeadline(); // SequenceApply nests operations: every one of them is a point
      // to stop at
      v = operation(map(op, "operation"), v, parameters);
    }
    return v;
  }

  private static Object operation(Map<?, ?> op, Object value, Map<String, Object> parameters) {
    String type = String.valueOf(op.get("type"));
    switch (type) {
      case "DetectionsFilter":
        {
          Values.Detections d = as(value, Values.Detections.class, type);
          List<Integer> kept = new ArrayList<>();
          for (int i = 0; i < d.detections().size(); i++) {
            if (evaluate(op.get("filter_operation"), parameters, d.detections().get(i))) {
              kept.add(i);
            }
          }
          return select(d, kept);
        }
      case "SortDetections":
        {
          Values.Detections d = as(value, Values.Detections.class, type);
          String mode = op.get("mode") == null ? "confidence" : String.valueOf(op.get("mode"));
          boolean ascending = !Boolean.FALSE.equals(op.get("ascending"));
          List<Integer> order = new ArrayList<>();
          for (int i = 0; i < d.detections().size(); i++) {
            order.add(i);
          }
          java.util.Comparator<Integer> byMode =
              java.util.Comparator.comparingDouble(
                  i -> number(property(d.detections().get(i), mode)));
          order.sort(ascending ? byMode : byMode.reversed());
          return select(d, order);
        }
      case "DetectionsSelection":
        {
          Values.Detections d = as(value, Values.Detections.class, type);
          String mode = String.valueOf(op.get("mode"));
          if (d.detections().isEmpty() || mode.equals("all")) {
            return d;
          }
          java.util.function.ToDoubleFunction<Integer> key;
          switch (mode) {
            case "first":
              return select(d, List.of(0));
            case "last":
              return select(d, List.of(d.detections().size() - 1));
            case "left_most":
              key = i -> -d.detections().get(i).x1();
              break;
            case "right_most":
              key = i -> d.detections().get(i).x2();
              break;
            case "top_confidence":
              key = i -> d.detections().get(i).confidence();
              break;
            default:
              throw WorkflowException.definition("Unsupported DetectionsSelection mode: " + mode);
          }
          int best = 0;
          for (int i = 1; i < d.detections().size(); i++) {
            if (key.applyAsDouble(i) > key.applyAsDouble(best)) {
              best = i;
            }
          }
          return select(d, List.of(best));
        }
      case "ExtractDetectionProperty":
        return property(as(value, Detection.class, type), String.valueOf(op.get("property_name")));
      case "DetectionsPropertyExtract":
        {
          List<Object> values = new ArrayList<>();
          String name = String.valueOf(op.get("property_name"));
          as(value, Values.Detections.class, type)
              .detections()
              .forEach(d -> values.add(property(d, name)));
          return values;
        }
      case "ClassificationPropertyExtract":
        return classification(
            as(value, Values.Classes.class, type).result(),
            String.valueOf(op.get("property_name")));
      case "SequenceLength":
        if (value instanceof Values.Detections) {
          return ((Values.Detections) value).detections().size();
        }
        return value instanceof Collection ? ((Collection<?>) value).size() : 0;
      case "DetectionsOffset":
        return as(value, Values.Detections.class, type)
            .grown(whole(op.get("offset_x"), "offset_x"), whole(op.get("offset_y"), "offset_y"));
      case "DetectionsShift":
        return as(value, Values.Detections.class, type)
            .shifted(whole(op.get("shift_x"), "shift_x"), whole(op.get("shift_y"), "shift_y"));
      case "DetectionsRename":
        return rename(as(value, Values.Detections.class, type), op, parameters);
      case "PickDetectionsByParentClass":
        return byParent(
            as(value, Values.Detections.class, type), String.valueOf(op.get("parent_class")));
      case "DetectionsToDictionary":
        return WorkflowJson.serialise(as(value, Values.Detections.class, type));
      default:
        if (ValueOperations.handles(type)) {
          return ValueOperations.apply(op, value, parameters);
        }
        throw WorkflowException.definition("Unsupported query-language operation: " + type);
    }
  }

  private static long whole(Object v, String field) {
    if (!(v instanceof Number)
        || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())
        || Math.abs(((Number) v).doubleValue()) > 1_000_000) {
      throw WorkflowException.definition(
          field + " must be an integer of at most 1000000 pixels, not " + v + ".");
    }
    return ((Number) v).longValue();
  }

  /**
   * Roboflow's {@code DetectionsRename}: classes renamed by {@code class_map} (or the parameter it
   * names). Strict (the default): every class must be in the map, and the new names get ids 0, 1,
   * ... in sorted order; otherwise unmapped classes stay as they are and the new names get ids from
   * {@code new_classes_id_offset} (1024).
   */
  private static Values.Detections rename(
      Values.Detections d, Map<?, ?> op, Map<String, Object> parameters) {
    Object mapping =
        op.get("class_map") instanceof String
            ? parameters.get((String) op.get("class_map"))
            : op.get("class_map");
    Map<?, ?> classMap = map(mapping, "class_map");
    Object strictValue =
        op.get("strict") instanceof String
            ? parameters.get((String) op.get("strict"))
            : op.get("strict");
    boolean strict = strictValue == null || Boolean.TRUE.equals(strictValue);
    int offset =
        op.get("new_classes_id_offset") == null
            ? 1024
            : (int) whole(op.get("new_classes_id_offset"), "new_classes_id_offset");
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    classMap.values().forEach(v -> names.add(String.valueOf(v)));
    Map<String, Integer> ids = new java.util.HashMap<>();
    int next = strict ? 0 : offset;
    for (String name : names) {
      ids.put(name, next++);
    }
    List<Detection> renamed = new ArrayList<>();
    for (Detection det : d.detections()) {
      Object to = classMap.get(det.className());
      if (to == null && strict) {
        throw WorkflowException.runtimeInput(
            "DetectionsRename (strict) has no new name for class '" + det.className() + "'.");
      }
      String name = to == null ? det.className() : String.valueOf(to);
      int id = to == null ? det.classId() : ids.get(name);
      renamed.add(
          new Detection(
              det.x1(),
              det.y1(),
              det.x2(),
              det.y2(),
              det.confidence(),
              det.classConfidence(),
              id,
              name));
    }
    return d.with(renamed, d.polygons(), d.keypoints());
  }

  /**
   * Roboflow's {@code PickDetectionsByParentClass}: the detections of other classes whose centre
   * lies inside a detection of {@code parentClass}, in their order.
   */
  private static Values.Detections byParent(Values.Detections d, String parentClass) {
    List<Detection> parents =
        d.detections().stream().filter(x -> x.className().equals(parentClass)).toList();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < d.detections().size(); i++) {
      Detection x = d.detections().get(i);
      double cx = (x.x1() + x.x2()) / 2;
      double cy = (x.y1() + x.y2()) / 2;
      if (!x.className().equals(parentClass)
          && parents.stream()
              .anyMatch(p -> p.x1() <= cx && cx <= p.x2() && p.y1() <= cy && cy <= p.y2())) {
        kept.add(i);
      }
    }
    return select(d, kept);
  }

  /** The detections at the given indices, in that order, with their masks and keypoints. */
  static Values.Detections select(Values.Detections d, List<Integer> indices) {
    List<Detection> detections = new ArrayList<>();
    List<List<double[]>> polygons = d.polygons() == null ? null : new ArrayList<>();
    List<List<io.jinference.server.inference.task.Keypoint>> keypoints =
        d.keypoints() == null ? null : new ArrayList<>();
    for (int i : indices) {
      detections.add(d.detections().get(i));
      if (polygons != null) {
        polygons.add(d.polygons().get(i));
      }
      if (keypoints != null) {
        keypoints.add(d.keypoints().get(i));
      }
    }
    return d.with(detections, polygons, keypoints);
  }

  static <T> T as(Object value, Class<T> type, String operation) {
    if (!type.isInstance(value)) {
      throw WorkflowException.definition(
          operation
              + " applies to "
              + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
              + ", not to "
              + (value == null ? "null" : value.getClass().getSimpleName()));
    }
    return type.cast(value);
  }

  /** Roboflow's {@code ClassificationProperty} names; single- and multi-label results alike. */
  private static Object classification(Classification c, String name) {
    switch (name) {
      case "top_class":
        return c.multilabel() ? c.predictedClasses() : c.top();
      case "top_class_confidence":
        {
          if (!c.multilabel()) {
            return c.confidence();
          }
          List<Object> confidences = new ArrayList<>();
          c.scores().stream()
              .filter(x -> c.predictedClasses().contains(x.className()))
              .forEach(x -> confidences.add(x.confidence()));
          return confidences;
        }
      case "all_classes":
        {
          List<Object> names = new ArrayList<>();
          c.scores().forEach(x -> names.add(x.className()));
          return names;
        }
      case "all_confidences":
        {
          List<Object> confidences = new ArrayList<>();
          c.scores().forEach(x -> confidences.add(x.confidence()));
          return confidences;
        }
      default:
        throw WorkflowException.definition("Unsupported classification property: " + name);
    }
  }

  private static Object property(Detection d, String name) {
    switch (name) {
      case "class_name":
        return d.className();
      case "class_id":
        return d.classId();
      case "confidence":
        return d.confidence();
      case "x_min":
        return d.x1();
      case "y_min":
        return d.y1();
      case "x_max":
        return d.x2();
      case "y_max":
        return d.y2();
      case "center_x":
        return (d.x1() + d.x2()) / 2;
      case "center_y":
        return (d.y1() + d.y2()) / 2;
      case "size":
        return (d.x2() - d.x1()) * (d.y2() - d.y1());
      case "center":
        return List.of((d.x1() + d.x2()) / 2, (d.y1() + d.y2()) / 2);
      case "top_left":
        return List.of(d.x1(), d.y1());
      case "top_right":
        return List.of(d.x2(), d.y1());
      case "bottom_left":
        return List.of(d.x1(), d.y2());
      case "bottom_right":
        return List.of(d.x2(), d.y2());
      default:
        throw WorkflowException.definition("Unsupported detection property: " + name);
    }
  }

  private static boolean compare(Object left, String comparator, Object right) {
    switch (comparator) {
      case "==":
      case "(Number) ==":
        return equal(left, right);
      case "!=":
      case "(Number) !=":
        return !equal(left, right);
      case "(Number) >":
        return number(left) > number(right);
      case "(Number) >=":
        return number(left) >= number(right);
      case "(Number) <":
        return number(left) < number(right);
      case "(Number) <=":
        return number(left) <= number(right);
      case "in (Sequence)":
        return right instanceof Collection
            && ((Collection<?>) right).stream().anyMatch(r -> equal(left, r));
      case "(String) startsWith":
        return String.valueOf(left).startsWith(String.valueOf(right));
      case "(String) endsWith":
        return String.valueOf(left).endsWith(String.valueOf(right));
      case "(String) contains":
        return String.valueOf(left).contains(String.valueOf(right));
      default:
        throw WorkflowException.definition("Unsupported comparator: " + comparator);
    }
  }

  private static boolean unary(Object value, String operator) {
    switch (operator) {
      case "Exists":
        return value != null;
      case "DoesNotExist":
        return value == null;
      case "(Boolean) is True":
        return Boolean.TRUE.equals(value);
      case "(Boolean) is False":
        return Boolean.FALSE.equals(value);
      default:
        throw WorkflowException.definition("Unsupported unary operator: " + operator);
    }
  }

  private static boolean equal(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    return a == null ? b == null : a.equals(b);
  }

  private static double number(Object v) {
    if (!(v instanceof Number)) {
      throw WorkflowException.runtimeInput(
          "Expected a number in a query-language comparison, got " + v);
    }
    return ((Number) v).doubleValue();
  }

  private static String type(Object o) {
    return String.valueOf(map(o, "comparator").get("type"));
  }

  public static Map<?, ?> map(Object o, String what) {
    if (!(o instanceof Map)) {
      throw WorkflowException.definition("Malformed query-language " + what + ": " + o);
    }
    return (Map<?, ?>) o;
  }

  public static List<?> list(Object o, String what) {
    if (!(o instanceof List)) {
      throw WorkflowException.definition("Malformed query-language " + what + ": " + o);
    }
    return (List<?>) o;
  }
}
