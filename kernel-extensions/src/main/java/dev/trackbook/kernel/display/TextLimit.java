package dev.trackbook.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * Caps the plain-text form of a cell's value. A cell ending in a 3-million-character string (or a
 * list of a million numbers) would otherwise travel in one Jupyter message, freeze the browser and
 * bloat the saved notebook; the value itself stays whole in the kernel.
 */
public final class TextLimit {

  /** Characters of a value's text shown; about 1,500 lines of a wide terminal. */
  public static final int MAX_CHARS = 100_000;

  private TextLimit() {}

  /** Cuts {@code data}'s text/plain to {@code maxChars}, noting what was left out; returns it. */
  public static DisplayData cap(DisplayData data, int maxChars) {
    if (data == null || !(data.getData(MIMEType.TEXT_PLAIN) instanceof String text)) {
      return data;
    }
    if (text.length() <= maxChars) {
      return data;
    }
    int cut = maxChars;
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--; // never split a character in two
    }
    String shown =
        text.substring(0, cut)
            + String.format(
                "%n... (%,d more characters not shown; the value is intact in the kernel)",
                text.length() - cut);
    data.putText(shown);
    return data;
  }
}
