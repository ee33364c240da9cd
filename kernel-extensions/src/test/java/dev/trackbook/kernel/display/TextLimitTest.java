package dev.trackbook.kernel.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

class TextLimitTest {

  @Test
  void textWithinTheLimitIsUntouched() {
    DisplayData data = new DisplayData("x".repeat(10));
    assertThat(TextLimit.cap(data, 10).getData(MIMEType.TEXT_PLAIN)).isEqualTo("x".repeat(10));
  }

  @Test
  void longTextIsCutAndSaysHowMuchIsLeftOutWhileOtherFormsStay() {
    DisplayData data = new DisplayData("y".repeat(2_500));
    data.putHTML("<b>kept</b>");
    DisplayData capped = TextLimit.cap(data, 1_000);
    assertThat((String) capped.getData(MIMEType.TEXT_PLAIN))
        .startsWith("y".repeat(1_000))
        .endsWith("... (1,500 more characters not shown; the value is intact in the kernel)")
        .doesNotContain("y".repeat(1_001));
    assertThat(capped.getData(MIMEType.TEXT_HTML)).isEqualTo("<b>kept</b>");
  }

  @Test
  void neverSplitsACharacterOutsideTheBasicPlane() {
    String smile = "\uD83D\uDE00";
    DisplayData capped = TextLimit.cap(new DisplayData("a" + smile + "bcd"), 2);
    assertThat((String) capped.getData(MIMEType.TEXT_PLAIN)).startsWith("a\n...");
  }

  @Test
  void dataWithoutTextAndNullPassThrough() {
    DisplayData html = new DisplayData();
    html.putHTML("<i>only html</i>");
    assertThat(TextLimit.cap(html, 1)).isSameAs(html);
    assertThat(TextLimit.cap(null, 1)).isNull();
  }
}
