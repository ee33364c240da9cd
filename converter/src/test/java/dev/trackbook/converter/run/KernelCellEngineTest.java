package dev.trackbook.converter.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelCellEngineTest {

  @Test
  void pipelineCellsSeeTheTrackingApiButNotTheHostsLibraries() {
    KernelCellEngine engine = new KernelCellEngine(List.of("dev.trackbook.client.Tracking"));
    assertThat(engine.eval("a", "String api = Tracking.class.getName();").ok()).isTrue();
    // Jackson is on this JVM's class path (the converter reads notebooks with it), as in the CLI;
    // a notebook's cells do not see it, so a pipeline's must not either.
    CellEngine.Outcome jackson =
        engine.eval("b", "Class.forName(\"com.fasterxml.jackson.databind.ObjectMapper\");");
    assertThat(jackson.ok()).isFalse();
    assertThat(jackson.error()).contains("ClassNotFoundException");
  }
}
