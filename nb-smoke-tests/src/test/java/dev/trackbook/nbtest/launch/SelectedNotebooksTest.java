package dev.trackbook.nbtest.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/** Which notebooks a parallel factory starts, read from the launcher's selectors. */
class SelectedNotebooksTest {
  private static final String CLASS = "[engine:junit-jupiter]/[class:x.NotebookSmokeTest]";
  private static final String FACTORY = CLASS + "/[test-factory:notebooks(x.NotebookTests)]";

  private static Optional<Set<Integer>> select(DiscoverySelector... selectors) {
    new SelectedNotebooks()
        .launcherDiscoveryStarted(
            LauncherDiscoveryRequestBuilder.request().selectors(selectors).build());
    return SelectedNotebooks.containersUnder(FACTORY);
  }

  @AfterEach
  void forget() {
    select(selectClass(Object.class));
  }

  @Test
  void notebooksAndCellsSelectedByIdStartOnlyTheirNotebooks() {
    assertThat(
            select(
                selectUniqueId(FACTORY + "/[dynamic-container:#3]"),
                selectUniqueId(FACTORY + "/[dynamic-container:#1]/[dynamic-test:#4]"),
                selectUniqueId("[engine:junit-jupiter]/[class:x.Other]")))
        .contains(Set.of(1, 3));
  }

  @Test
  void theFactoryItsClassOrAnyOtherKindOfSelectionStartsThemAll() {
    assertThat(select(selectUniqueId(FACTORY))).isEmpty();
    assertThat(select(selectUniqueId(CLASS), selectUniqueId(FACTORY + "/[dynamic-container:#2]")))
        .isEmpty();
    assertThat(
            select(selectClass(Object.class), selectUniqueId(FACTORY + "/[dynamic-container:#2]")))
        .isEmpty();
    // a test of the factory's own (an unreadable input): no notebook to pick
    assertThat(select(selectUniqueId(FACTORY + "/[dynamic-test:#5]"))).isEmpty();
    // selection of another class only: this factory runs whole if it runs at all
    assertThat(select(selectUniqueId("[engine:junit-jupiter]/[class:x.Other]"))).isEmpty();
  }
}
