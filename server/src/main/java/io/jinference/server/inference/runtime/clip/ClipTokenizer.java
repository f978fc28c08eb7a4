package io.jinference.server.inference.runtime.clip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * CLIP's text tokenizer (OpenAI's {@code SimpleTokenizer}, as {@code clip.tokenize} and open_clip
 * run it): text cleaned and lower-cased, split by CLIP's pattern, each piece's UTF-8 bytes mapped
 * to printable characters and merged by byte-pair encoding with the 48,894 merges of {@code
 * bpe_simple_vocab_16e6.txt.gz} (MIT, shipped in the server's jar), then framed by the start and
 * end tokens in a context of 77.
 *
 * <pre>{@code
 * long[] ids = ClipTokenizer.bundled().tokenize("a photo of a dog"); // 49406, 320, 1125, ...
 * }</pre>
 *
 * <p>Cleaning does what ftfy's {@code fix_text} does to ordinary text (NFC, curly quotes, Latin
 * ligatures, full-width forms, control characters), then HTML unescaping twice and whitespace
 * collapsing as CLIP does; ftfy's repair of mojibake is not attempted.
 */
public final class ClipTokenizer {
  /** CLIP's context: the start token, at most 75 text tokens, the end token. */
  public static final int CONTEXT_LENGTH = 77;

  static final int START = 49406;
  static final int END = 49407;

  /** Merges read: the file's first line is a header, and CLIP uses 49152 - 256 - 2 merges. */
  private static final int MERGES = 49152 - 256 - 2;

  private static final Pattern PIECES =
      Pattern.compile(
          "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]"
              + "|[^\\s\\p{L}\\p{N}]+",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /** Bound on the memory of pieces already encoded (words repeat; hostile text need not). */
  private static final int CACHE_LIMIT = 20_000;

  private static volatile ClipTokenizer bundled;

  private final String[] byteChars = byteChars();
  private final Map<String, Integer> encoder;
  private final Map<String, Integer> ranks;
  private final Map<String, String[]> cache = new ConcurrentHashMap<>();
  private final int maxTokenChars;

  private ClipTokenizer(List<String[]> merges) {
    this.encoder = new HashMap<>(2 * 49408);
    List<String> vocab = new ArrayList<>(49408);
    List<String> bytes = vocabularyBytes();
    vocab.addAll(bytes);
    for (String c : bytes) {
      vocab.add(c + "</w>");
    }
    this.ranks = new HashMap<>(2 * merges.size());
    for (int i = 0; i < merges.size(); i++) {
      String[] m = merges.get(i);
      vocab.add(m[0] + m[1]);
      ranks.put(m[0] + " " + m[1], i);
    }
    vocab.add("<|startoftext|>");
    vocab.add("<|endoftext|>");
    int longest = 1;
    for (int i = 0; i < vocab.size(); i++) {
      encoder.put(vocab.get(i), i);
      String v = vocab.get(i).replace("</w>", "");
      longest = Math.max(longest, v.codePointCount(0, v.length()));
    }
    this.maxTokenChars = longest;
  }

  /** The tokenizer of the vocabulary in the server's jar, read once. */
  public static ClipTokenizer bundled() {
    ClipTokenizer t = bundled;
    if (t == null) {
      synchronized (ClipTokenizer.class) {
        t = bundled;
        if (t == null) {
          try (InputStream in =
              ClipTokenizer.class.getResourceAsStream("/clip/bpe_simple_vocab_16e6.txt.gz")) {
            if (in == null) {
              throw new IllegalStateException("bpe_simple_vocab_16e6.txt.gz is not in the jar");
            }
            t = read(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          bundled = t;
        }
      }
    }
    return t;
  }

  /** A tokenizer of a gzipped merges file in CLIP's format. */
  public static ClipTokenizer read(InputStream gzipped) throws IOException {
    List<String[]> merges = new ArrayList<>(MERGES);
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(gzipped), StandardCharsets.UTF_8))) {
      r.readLine(); // the header
      String line;
      while (merges.size() < MERGES && (line = r.readLine()) != null) {
        String[] pair = line.split(" ");
        if (pair.length != 2) {
          throw new IOException("Not a CLIP merges file: line '" + line + "'");
        }
        merges.add(pair);
      }
    }
    if (merges.size() != MERGES) {
      throw new IOException("Not a CLIP merges file: " + merges.size() + " merges");
    }
    return new ClipTokenizer(merges);
  }

  /**
   * The model's input for one text: start token, the text's tokens, end token, zeros to 77.
   *
   * @throws TextTooLongException when the text has more than 75 tokens (as {@code clip.tokenize}
   *     does without truncation)
   */
  public long[] tokenize(String text) {
    int limit = CONTEXT_LENGTH - 2;
    List<String> pieces = pieces(text);
    // Each piece is a token at least, and a token spans at most maxTokenChars: too long a text is
    // refused before byte-pair encoding, whose cost grows with the square of a word's length.
    int chars = 0;
    for (String p : pieces) {
      chars += p.codePointCount(0, p.length());
    }
    int atLeast = Math.max(pieces.size(), (chars + maxTokenChars - 1) / maxTokenChars);
    if (atLeast > limit) {
      throw new TextTooLongException(atLeast, limit);
    }
    List<Integer> ids = ids(pieces);
    if (ids.size() > limit) {
      throw new TextTooLongException(ids.size(), limit);
    }
    long[] out = new long[CONTEXT_LENGTH];
    out[0] = START;
    for (int i = 0; i < ids.size(); i++) {
      out[i + 1] = ids.get(i);
    }
    out[ids.size() + 1] = END;
    return out;
  }

  /** The text's token ids, without start and end tokens. */
  public List<Integer> encode(String text) {
    return ids(pieces(text));
  }

  /** The cleaned text's pieces by CLIP's pattern, their bytes as the vocabulary's characters. */
  private List<String> pieces(String text) {
    String clean = whitespaceClean(basicClean(text)).toLowerCase(Locale.ROOT);
    List<String> pieces = new ArrayList<>();
    Matcher m = PIECES.matcher(clean);
    while (m.find()) {
      pieces.add(bytesAsChars(m.group()));
    }
    return pieces;
  }

  private List<Integer> ids(List<String> pieces) {
    List<Integer> ids = new ArrayList<>();
    for (String piece : pieces) {
      for (String token : bpe(piece)) {
        Integer id = encoder.get(token);
        if (id == null) {
          throw new IllegalStateException("No id for BPE token '" + token + "'");
        }
        ids.add(id);
      }
    }
    return ids;
  }

  private String bytesAsChars(String piece) {
    StringBuilder b = new StringBuilder();
    for (byte x : piece.getBytes(StandardCharsets.UTF_8)) {
      b.append(byteChars[x & 0xff]);
    }
    return b.toString();
  }

  /** Byte-pair merges of one piece, lowest rank first, as CLIP's {@code bpe}. */
  private String[] bpe(String piece) {
    if (piece.equals("<|startoftext|>") || piece.equals("<|endoftext|>")) {
      return new String[] {piece};
    }
    String[] known = cache.get(piece);
    if (known != null) {
      return known;
    }
    List<String> word = new ArrayList<>();
    piece.codePoints().forEach(cp -> word.add(new String(Character.toChars(cp))));
    word.set(word.size() - 1, word.get(word.size() - 1) + "</w>");
    while (word.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      // Merge every occurrence of the best pair, left to right, as CLIP does.
      String first = word.get(best);
      String second = word.get(best + 1);
      List<String> merged = new ArrayList<>(word.size());
      for (int i = 0; i < word.size(); i++) {
        if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
          merged.add(first + second);
          i++;
        } else {
          merged.add(word.get(i));
        }
      }
      word.clear();
      word.addAll(merged);
    }
    String[] tokens = word.toArray(new String[0]);
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(piece, tokens);
    return tokens;
  }

  /** GPT-2's reversible map of the 256 byte values to printable characters, by byte value. */
  private static String[] byteChars() {
    String[] chars = new String[256];
    for (int b = 0; b < 256; b++) {
      if (printable(b)) {
        chars[b] = new String(Character.toChars(b));
      }
    }
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (chars[b] == null) {
        chars[b] = new String(Character.toChars(256 + n++));
      }
    }
    return chars;
  }

  private static boolean printable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** The byte characters in the vocabulary's order: the printable bytes first, then the others. */
  private List<String> vocabularyBytes() {
    List<String> order = new ArrayList<>(256);
    for (int b = 0; b < 256; b++) {
      if (printable(b)) {
        order.add(byteChars[b]);
      }
    }
    for (int b = 0; b < 256; b++) {
      if (!printable(b)) {
        order.add(byteChars[b]);
      }
    }
    return order;
  }

  static String basicClean(String text) {
    String t = TextCleaning.fixText(text);
    t = TextCleaning.unescapeHtml(TextCleaning.unescapeHtml(t));
    return t.strip();
  }

  /** Python's {@code " ".join(text.split())}: runs of Unicode whitespace become one space. */
  static String whitespaceClean(String text) {
    return String.join(" ", text.strip().split("[\\s\\p{Z}\\u001c-\\u001f\\u0085]+")).strip();
  }

  /** A text longer than the model's context. */
  public static final class TextTooLongException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TextTooLongException(int tokens, int limit) {
      super("The text has " + tokens + " tokens or more; CLIP reads at most " + limit + ".");
    }
  }
}
