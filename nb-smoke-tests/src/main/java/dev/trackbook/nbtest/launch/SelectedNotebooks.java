package dev.trackbook.nbtest.launch;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Which notebooks of a test factory the launcher was asked for, when an IDE runs or reruns single
 * notebooks or cells: they are selected by unique id ({@code .../[dynamic-container:#2]/...}), and
 * JUnit filters the factory's dynamic tests only after the factory has made them. A sequential run
 * runs nothing for the others, but a parallel run queues every notebook up front, so it asks here
 * to start only the selected ones.
 *
 * <p>Registered through {@code META-INF/services}, so every JUnit Platform launcher (Maven, Gradle,
 * IDEs, {@code ./trackbook test}) tells it each discovery request before the factories run.
 */
public final class SelectedNotebooks implements LauncherDiscoveryListener {
  private static final String CONTAINER = "dynamic-container";

  /** The unique ids of the latest request, or null when it selected anything else too. */
  private static volatile List<UniqueId> selected;

  @Override
  public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
    List<UniqueId> ids =
        request.getSelectorsByType(UniqueIdSelector.class).stream()
            .map(UniqueIdSelector::getUniqueId)
            .toList();
    boolean onlyIds =
        !ids.isEmpty() && request.getSelectorsByType(DiscoverySelector.class).size() == ids.size();
    selected = onlyIds ? ids : null;
  }

  /**
   * The positions (1-based, in the factory's order) of the dynamic containers selected under a test
   * factory; empty when the whole factory runs (it, its class or anything above was selected, or
   * selection was not by unique id).
   */
  static Optional<Set<Integer>> containersUnder(String factoryUniqueId) {
    List<UniqueId> ids = selected;
    if (ids == null) {
      return Optional.empty();
    }
    UniqueId factory = UniqueId.parse(factoryUniqueId);
    Set<Integer> positions = new TreeSet<>();
    for (UniqueId id : ids) {
      if (factory.hasPrefix(id)) {
        return Optional.empty(); // the factory itself or an ancestor
      }
      if (id.hasPrefix(factory)) {
        UniqueId.Segment next = id.getSegments().get(factory.getSegments().size());
        if (!CONTAINER.equals(next.getType()) || !next.getValue().matches("#\\d+")) {
          return Optional.empty(); // a dynamic test of its own: don't guess
        }
        positions.add(Integer.parseInt(next.getValue().substring(1)));
      }
    }
    return positions.isEmpty() ? Optional.empty() : Optional.of(positions);
  }
}
