package dev.trackbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Java comments after a magic's arguments, and the slashes that are no comment. */
class MagicCommentsTest {

  @Test
  void aLineCommentAfterWhitespaceEndsTheArguments() {
    assertThat(MagicComments.strip(" x=1 // comment")).isEqualTo(" x=1");
    assertThat(MagicComments.strip(" lr=0.1\t// learning rate")).isEqualTo(" lr=0.1");
    assertThat(MagicComments.strip(" a=b //why: \"quoted\" words")).isEqualTo(" a=b");
    assertThat(MagicComments.strip(" // nothing but a comment")).isEmpty();
  }

  @Test
  void slashesInsideAValueOrQuotesAreNoComment() {
    for (String kept :
        new String[] {
          " http://localhost:5000",
          " uri=http://x",
          " link=a//b",
          " \"http://x\"",
          " \"see // here\" b=2",
          " note=\"a /* b */ c\"",
          " x=1//2",
          " path=\\ //x", // an escaped blank is part of the value
          " x=1 /* never closed",
          " /*/lib/*.jar", // a glob: no blank after its `/*`
          " a=1 /*tight*/ b=2",
        }) {
      assertThat(MagicComments.strip(kept)).as(kept).isSameAs(kept);
    }
    assertThat(MagicComments.strip(" \"http://x\" // the server")).isEqualTo(" \"http://x\"");
    assertThat(MagicComments.strip(" msg=\"a \\\" // b\" // c")).isEqualTo(" msg=\"a \\\" // b\"");
  }

  @Test
  void aBlockCommentClosedOnTheLineIsLeftOutAndTheArgumentsGoOn() {
    assertThat(MagicComments.strip(" a=1 /* why */ b=2")).isEqualTo(" a=1 b=2");
    assertThat(MagicComments.strip(" a=1 /* why */")).isEqualTo(" a=1");
    assertThat(MagicComments.strip(" /* first */ a=1 // last")).isEqualTo(" a=1");
    assertThat(MagicComments.strip(" a=1 /* x */// y")).isEqualTo(" a=1");
  }

  @Test
  void aCellLosesOnlyTheCommentsOfItsMagicLines() {
    String cell =
        "%metric x=1 // comment\n"
            + "int y = 2; // Java's own comment\n"
            + "String s = \"%tag a=b // text\";\n"
            + "var id = %run start name // why\n"
            + "/* %tag c=d // in a comment */";
    assertThat(MagicComments.stripCell(cell))
        .isEqualTo(
            "%metric x=1\n"
                + "int y = 2; // Java's own comment\n"
                + "String s = \"%tag a=b // text\";\n"
                + "var id = %run start name\n"
                + "/* %tag c=d // in a comment */");
    // A cell magic: its first line only; the body is the magic's own (a note may say anything).
    assertThat(MagicComments.stripCell("%%track train // the slow part\n%tag a=b // kept"))
        .isEqualTo("%%track train\n%tag a=b // kept");
    assertThat(MagicComments.stripCell("%metric? // help")).isEqualTo("%metric?");
  }

  @Test
  void aMagicLineIsNoJavaThatCouldHideTheMagicsAfterIt() {
    // `data/*.csv` read as Java opens a block comment: the %metric below was no magic, its
    // comment was logged, and the pipeline's Java did not compile.
    String cell = "%param glob=data/*.csv\n%metric x=1 // c\nint y = 2;";
    assertThat(MagicCalls.lineMagicStarts(cell)).containsExactly(0, cell.indexOf("%metric"));
    assertThat(MagicComments.stripCell(cell))
        .isEqualTo("%param glob=data/*.csv\n%metric x=1\nint y = 2;");
    // Java's own comments still hide a magic, after a magic line too.
    assertThat(MagicCalls.lineMagicStarts("%param a=1\n/* old:\n%metric x=1\n*/"))
        .containsExactly(0);
  }

  @Test
  void aBackslashInACommentDoesNotContinueTheMagic() {
    assertThat(MagicCalls.joinContinuedLines("%param a=1 // see \\\nint b = 2;"))
        .isEqualTo("%param a=1 // see \\\nint b = 2;");
    assertThat(MagicCalls.joinContinuedLines("%param a=1 /* c */ \\\n  b=2\nint c = 3;"))
        .isEqualTo("%param a=1 /* c */  b=2\n\nint c = 3;");
  }
}
