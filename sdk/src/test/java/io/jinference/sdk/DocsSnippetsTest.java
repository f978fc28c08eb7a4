package io.jinference.sdk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} snippet of docs/sdk.md compiles against the SDK as it is: each becomes the
 * body of a method in its own class, with a few names the page assumes ({@code client}, {@code
 * photo}, {@code bytes}, {@code bufferedImage}) declared around it.
 */
class DocsSnippetsTest {
  private static final Path PAGE = Path.of("../docs/sdk.md");
  private static final Pattern SNIPPET = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaSnippetOfTheSdkGuideCompiles() throws IOException {
    String page = Files.readString(PAGE, StandardCharsets.UTF_8);
    List<JavaFileObject> sources = new ArrayList<>();
    Matcher m = SNIPPET.matcher(page);
    while (m.find()) {
      sources.add(source("Snippet" + sources.size(), m.group(1)));
    }
    assertTrue(sources.size() >= 10, "found only " + sources.size() + " snippets in " + PAGE);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path out = Files.createTempDirectory("sdk-snippets");
    StringWriter errors = new StringWriter();
    boolean ok =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of(
                    "-proc:none",
                    "-d",
                    out.toString(),
                    "-classpath",
                    System.getProperty("java.class.path")),
                null,
                sources)
            .call();
    assertTrue(ok, "docs/sdk.md has snippets that do not compile:\n" + errors);
  }

  private static JavaFileObject source(String name, String body) {
    String code =
        "package snippets;\n"
            + "import io.jinference.sdk.*;\n"
            + "import java.awt.image.BufferedImage;\n"
            + "import java.nio.file.Path;\n"
            + "import java.time.Duration;\n"
            + "import java.util.*;\n"
            + "import java.util.concurrent.CompletableFuture;\n"
            + "class "
            + name
            + " {\n"
            + "  static InferenceHTTPClient client;\n"
            + "  static Path photo;\n"
            + "  static byte[] bytes;\n"
            + "  static BufferedImage bufferedImage;\n"
            + "  static void snippet() throws Exception {\n"
            + body
            + "\n  }\n}\n";
    return new SimpleJavaFileObject(
        URI.create("string:///snippets/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
