package dev.trackbook.kernel.dependencies;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates with their runtime dependencies, using Maven's own resolver against a
 * local repository (normally {@code ~/.m2/repository}, shared with Maven) and remote repositories
 * (normally Maven Central).
 */
public final class MavenResolver {

  /** Maven Central, where {@code %maven} looks by default. */
  public static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2/";

  private final Path localRepository;
  private final List<RemoteRepository> remotes;
  private RepositorySystem system;

  /**
   * @param localRepository the local repository directory (created if missing)
   * @param remoteUrls remote repositories, in the order they are tried
   */
  public MavenResolver(Path localRepository, List<String> remoteUrls) {
    this.localRepository = localRepository;
    List<RemoteRepository> list = new ArrayList<>();
    for (int i = 0; i < remoteUrls.size(); i++) {
      String id = i == 0 && MAVEN_CENTRAL.equals(remoteUrls.get(i)) ? "central" : "remote-" + i;
      list.add(new RemoteRepository.Builder(id, "default", remoteUrls.get(i)).build());
    }
    this.remotes = List.copyOf(list);
  }

  /** The user's {@code ~/.m2/repository} (or {@code -Dmaven.repo.local}) and Maven Central. */
  public static MavenResolver standard() {
    String local = System.getProperty("maven.repo.local");
    Path repo =
        local != null && !local.isBlank()
            ? Path.of(local)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    return new MavenResolver(repo, List.of(MAVEN_CENTRAL));
  }

  /**
   * Resolves {@code coordinates} ({@code group:artifact[:extension[:classifier]]:version}) and
   * their runtime dependencies, downloading what the local repository lacks.
   *
   * @return the jar files, the requested artifact first
   * @throws IllegalArgumentException for malformed coordinates
   * @throws IllegalStateException when resolution fails (the message says which artifact)
   */
  public synchronized List<Path> resolve(String coordinates) {
    DefaultArtifact artifact;
    try {
      artifact = new DefaultArtifact(coordinates);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected group:artifact:version, got '" + coordinates + "'");
    }
    if (system == null) {
      // Built on first use: most notebooks never resolve anything, and it costs start-up time.
      system = new RepositorySystemSupplier().get();
    }
    DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
    session.setLocalRepositoryManager(
        system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
    CollectRequest collect =
        new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), remotes);
    DependencyRequest request =
        new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    try {
      List<Path> jars = new ArrayList<>();
      for (ArtifactResult result :
          system.resolveDependencies(session, request).getArtifactResults()) {
        jars.add(result.getArtifact().getFile().toPath());
      }
      return jars;
    } catch (DependencyResolutionException e) {
      throw new IllegalStateException("cannot resolve " + coordinates + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
