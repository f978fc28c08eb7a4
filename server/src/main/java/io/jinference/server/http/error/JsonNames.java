package io.jinference.server.http.error;

/** Java property names of the generated models back to the contract's JSON names. */
final class JsonNames {
  private JsonNames() {}

  static String snake(String camel) {
    if ("className".equals(camel)) {
      return "class";
    }
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
