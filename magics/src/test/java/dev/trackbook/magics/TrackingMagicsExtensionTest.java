package dev.trackbook.magics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.Extension;
import org.junit.jupiter.api.Test;

class TrackingMagicsExtensionTest {

  @Test
  void aStockJJavaKernelFindsTheMagicsThroughServiceLoader() {
    assertThat(ServiceLoader.load(Extension.class).stream().map(p -> p.type().getName()))
        .contains(TrackingMagicsExtension.class.getName());
  }

  @Test
  void catalogNamesAreUnique() {
    assertThat(MagicCatalog.lineMagics().stream().map(m -> m.schema().name()))
        .doesNotHaveDuplicates();
    assertThat(MagicCatalog.cellMagics()).allMatch(m -> m.schema().isCellMagic());
    assertThat(MagicCatalog.lineMagics()).noneMatch(m -> m.schema().isCellMagic());
  }
}
