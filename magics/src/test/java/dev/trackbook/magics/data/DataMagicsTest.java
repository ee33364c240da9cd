package dev.trackbook.magics.data;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.expression;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataMagicsTest {

  @Test
  void datasetLogsAFileOrATableVariable() {
    DatasetMagic magic = new DatasetMagic();
    assertThat(expression(magic, "emails data/spam.csv"))
        .isEqualTo(
            "dev.trackbook.data.Datasets.log(\"emails\", java.nio.file.Path.of(\"data/spam.csv\"),"
                + " \"training\")");
    assertThat(expression(magic, "emails train test"))
        .isEqualTo("dev.trackbook.data.Datasets.log(\"emails\", train, \"test\")");
    assertUsageError(
        magic, "emails", "%dataset: missing DATA (usage: %dataset NAME DATA [CONTEXT])");
    assertUsageError(
        magic,
        "emails d.csv later",
        "%dataset: CONTEXT must be one of training, validation, test, eval");
    assertUsageError(magic, "\" \" d.csv", "%dataset: NAME must not be empty");
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %dataset NAME DATA [CONTEXT]

            Log a dataset version (content digest, schema, statistics) as an input of the active run.
            The same content (in any row order) is the same version.

            Arguments:
              NAME     dataset name
              DATA     a Tablesaw Table variable or a CSV/TSV file path
              CONTEXT  its use in the run: training (default), validation, test or eval
            """);
  }

  @Test
  void driftComparesNewDataWithTheNamedDataset() {
    DriftMagic magic = new DriftMagic();
    assertThat(expression(magic, "emails shifted"))
        .isEqualTo("dev.trackbook.data.Datasets.drift(\"emails\", shifted)");
    assertThat(expression(magic, "emails new.csv"))
        .isEqualTo(
            "dev.trackbook.data.Datasets.drift(\"emails\", java.nio.file.Path.of(\"new.csv\"))");
    assertUsageError(magic, "", "%drift: missing NAME (usage: %drift NAME NEW_DATA)");
    assertUsageError(magic, "\"\" new.csv", "%drift: NAME must not be empty");
    assertUsageError(
        magic,
        "emails new.csv test",
        "%drift: unexpected argument 'test' (usage: %drift NAME NEW_DATA)");
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %drift NAME NEW_DATA

            Compare new data with the logged statistics of a dataset, column by column
            (KS for numeric and text lengths, PSI for categories); log and show the report.

            Arguments:
              NAME      the dataset logged with %dataset
              NEW_DATA  a Tablesaw Table variable or a CSV/TSV file path
            """);
  }

  @Test
  void autologGivesListenersOrAttachesToAConfig() {
    AutologMagic magic = new AutologMagic();
    assertThat(expression(magic, "")).isEqualTo("dev.trackbook.djl.Autolog.listeners()");
    assertThat(expression(magic, "config 20"))
        .isEqualTo("dev.trackbook.djl.Autolog.attach(config, 20)");
    assertThat(expression(magic, "config"))
        .isEqualTo("dev.trackbook.djl.Autolog.attach(config, 0)");
    assertThat(expression(magic, "config epochs"))
        .isEqualTo("dev.trackbook.djl.Autolog.attach(config, epochs)");
    assertUsageError(
        magic,
        "config 1.5",
        "%autolog: EPOCHS must be a whole number or an int variable, not '1.5'");
    assertUsageError(magic, "new.Config()", "%autolog: 'new.Config()' is not a variable name");
  }
}
