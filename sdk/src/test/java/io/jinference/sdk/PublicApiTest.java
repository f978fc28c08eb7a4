package io.jinference.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's public API, recorded in {@code sdk/api/jinference-sdk.api}: every public type of {@code
 * io.jinference.sdk} with its public and protected members. A change to the API fails this test
 * until the record is rewritten on purpose ({@code ./mvnw -pl sdk test -Dtest=PublicApiTest
 * -Dapi.update=true}) and the diff reviewed, so no breaking change slips in unnoticed. ({@code
 * internal} packages are not API and are not recorded.)
 */
class PublicApiTest {
  private static final Path RECORD = Path.of("api/jinference-sdk.api");

  @Test
  void thePublicApiIsTheRecordedOne() throws IOException {
    String actual = String.join("\n", describe()) + "\n";
    if (Boolean.getBoolean("api.update")) {
      Files.writeString(RECORD, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(RECORD), "no API record at " + RECORD.toAbsolutePath());
    String recorded = Files.readString(RECORD, StandardCharsets.UTF_8);
    assertEquals(
        recorded,
        actual,
        "The SDK's public API changed. If that is deliberate, rewrite the record with"
            + " -Dapi.update=true and review the diff of sdk/api/jinference-sdk.api.");
  }

  @Test
  void theRecordSeesTheTypesItShould() throws IOException {
    List<String> lines = describe();
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.startsWith("public final class io.jinference.sdk.InferenceHTTPClient")));
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.contains("sealed")
                        || l.contains("interface io.jinference.sdk.InferenceResult")));
    assertTrue(
        lines.stream().noneMatch(l -> l.contains("io.jinference.sdk.internal.Calls")),
        "internal types are not API");
    assertTrue(
        lines.stream().noneMatch(l -> l.contains("io.jinference.sdk.internal.api")),
        "internal types are not API");
  }

  /**
   * Issue #19, item 7: the public package holds the API and nothing else; helpers live in {@code
   * io.jinference.sdk.internal} (a nested type may stay package-private beside what it serves, and
   * so may an abstract class that public types extend: its public members are theirs, recorded with
   * them, as {@code AbstractStringBuilder}'s are {@code StringBuilder}'s).
   */
  @Test
  void everyTopLevelTypeOfThePublicPackageIsPublic() throws IOException {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("target/classes/io/jinference/sdk"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class")) {
          types.add(load("io.jinference.sdk." + n.substring(0, n.length() - 6)));
        }
      }
    }
    List<String> hidden = new ArrayList<>();
    for (Class<?> type : types) {
      boolean base =
          Modifier.isAbstract(type.getModifiers())
              && !type.isInterface()
              && types.stream().anyMatch(t -> visible(t) && type.isAssignableFrom(t));
      if (!Modifier.isPublic(type.getModifiers()) && !base) {
        hidden.add(type.getName());
      }
    }
    assertEquals(List.of(), hidden, "move these to io.jinference.sdk.internal");
  }

  private static List<String> describe() throws IOException {
    Path classes = Path.of("target/classes/io/jinference/sdk");
    List<String> names;
    try (Stream<Path> files = Files.list(classes)) {
      names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
              .map(n -> "io.jinference.sdk." + n.substring(0, n.length() - 6).replace('$', '.'))
              .sorted()
              .collect(Collectors.toList());
    }
    List<String> out = new ArrayList<>();
    for (String name : names) {
      Class<?> type = load(name);
      if (type == null || !visible(type) || type.isAnonymousClass() || type.isSynthetic()) {
        continue;
      }
      out.add(header(type));
      List<String> members = new ArrayList<>();
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (api(c.getModifiers()) && !c.isSynthetic()) {
          members.add("  " + c.toGenericString());
        }
      }
      List<String> declared = new ArrayList<>();
      for (Method m : type.getDeclaredMethods()) {
        if (api(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          members.add("  " + m.toGenericString());
          declared.add(m.getName() + List.of(m.getParameterTypes()));
        }
      }
      members.addAll(inheritedFromHiddenBases(type, declared));
      for (Field f : type.getDeclaredFields()) {
        if (api(f.getModifiers()) && !f.isSynthetic()) {
          members.add("  " + f.toGenericString());
        }
      }
      members.sort(null);
      out.addAll(members);
    }
    return out;
  }

  private static Class<?> load(String dotted) {
    // Nested types: try the last dots as '$' until one loads.
    String candidate = dotted;
    while (true) {
      try {
        return Class.forName(candidate, false, PublicApiTest.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        int dot = candidate.lastIndexOf('.');
        if (dot <= "io.jinference.sdk".length()) {
          return null;
        }
        candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
      }
    }
  }

  /**
   * The public and protected methods {@code type} gets from package-private abstract classes above
   * it, written as if {@code type} declared them, with the type arguments it gives them.
   */
  private static List<String> inheritedFromHiddenBases(Class<?> type, List<String> declared) {
    List<String> out = new ArrayList<>();
    Map<TypeVariable<?>, String> bound = new HashMap<>();
    Type generic = type.getGenericSuperclass();
    for (Class<?> base = type.getSuperclass();
        base != null && base != Object.class && !visible(base);
        generic = base.getGenericSuperclass(), base = base.getSuperclass()) {
      if (generic instanceof ParameterizedType p) {
        TypeVariable<?>[] variables = base.getTypeParameters();
        for (int i = 0; i < variables.length; i++) {
          bound.put(variables[i], name(p.getActualTypeArguments()[i], bound));
        }
      }
      for (Method m : base.getDeclaredMethods()) {
        String signature = m.getName() + List.of(m.getParameterTypes());
        if (api(m.getModifiers()) && !m.isSynthetic() && !declared.contains(signature)) {
          declared.add(signature);
          List<String> parameters = new ArrayList<>();
          for (Type t : m.getGenericParameterTypes()) {
            parameters.add(name(t, bound));
          }
          out.add(
              "  "
                  + Modifier.toString(m.getModifiers() & Modifier.methodModifiers())
                  + " "
                  + name(m.getGenericReturnType(), bound)
                  + " "
                  + type.getName()
                  + "."
                  + m.getName()
                  + "("
                  + String.join(",", parameters)
                  + ")");
        }
      }
    }
    return out;
  }

  private static String name(Type t, Map<TypeVariable<?>, String> bound) {
    if (t instanceof TypeVariable<?> v && bound.containsKey(v)) {
      return bound.get(v);
    }
    if (t instanceof ParameterizedType p) {
      List<String> arguments = new ArrayList<>();
      for (Type a : p.getActualTypeArguments()) {
        arguments.add(name(a, bound));
      }
      return p.getRawType().getTypeName() + "<" + String.join(", ", arguments) + ">";
    }
    return t.getTypeName();
  }

  private static boolean visible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean api(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(Class<?> type) {
    StringBuilder s = new StringBuilder(type.toGenericString());
    if (type.getGenericSuperclass() != null
        && visible(type.getSuperclass())
        && type.getSuperclass() != Object.class
        && type.getSuperclass() != Record.class
        && type.getSuperclass() != Enum.class) {
      s.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      s.append(type.isInterface() ? " extends " : " implements ");
      List<String> interfaces = new ArrayList<>();
      for (var i : type.getGenericInterfaces()) {
        interfaces.add(i.getTypeName());
      }
      s.append(String.join(", ", interfaces));
    }
    if (type.isSealed()) {
      List<String> permitted = new ArrayList<>();
      for (Class<?> p : type.getPermittedSubclasses()) {
        permitted.add(p.getName());
      }
      s.append(" permits ").append(String.join(", ", permitted));
    }
    return s.toString();
  }
}
