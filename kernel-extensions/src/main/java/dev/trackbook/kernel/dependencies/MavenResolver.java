package dev.trackbook.kernel.dependencies;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositoryEvent;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.MetadataTransferException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates with their runtime dependencies, using Maven's own resolver against a
 * local repository (normally {@code ~/.m2/repository}, shared with Maven) and remote repositories
 * (normally Maven Central and the repositories of settings.xml's active profiles, through its
 * mirrors and proxies).
 */
public final class MavenResolver {

  /** Maven Central, where {@code %maven} looks by default. */
  public static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2/";

  /** Under the local repository: resolved graphs ({@link ResolutionCache}). */
  static final String CACHE_DIRECTORY = ".trackbook-resolutions";

  /** One resolved jar: {@code group:artifact[:classifier]}, its version and its file. */
  public record Jar(String key, String version, Path file) {}

  /**
   * A remote repository a notebook adds ({@code %addMavenRepo ID URL}). The id is what a {@code
   * <server>} (credentials) or {@code <mirrorOf>} of settings.xml names, as a pom's repository id.
   */
  public record Repository(String id, String url) {}

  private final Path explicitLocal;
  private final Path defaultLocal;
  private final List<String> remoteUrls;
  private final Supplier<MavenSettings> settingsSource;
  private MavenSettings settings;
  private RepositorySystem system;

  private MavenResolver(
      Path explicitLocal,
      Path defaultLocal,
      List<String> remoteUrls,
      Supplier<MavenSettings> settingsSource) {
    this.explicitLocal = explicitLocal;
    this.defaultLocal = defaultLocal;
    this.remoteUrls = List.copyOf(remoteUrls);
    this.settingsSource = settingsSource;
  }

  /**
   * Without any settings.xml.
   *
   * @param localRepository the local repository directory (created if missing)
   * @param remoteUrls remote repositories, in the order they are tried
   */
  public MavenResolver(Path localRepository, List<String> remoteUrls) {
    this(localRepository, localRepository, remoteUrls, MavenSettings::none);
  }

  /**
   * As {@code mvn} resolves: the active profiles' repositories and Maven Central, through the
   * mirrors, proxies and credentials of {@code ~/.m2/settings.xml} (over {@code
   * $MAVEN_HOME/conf/settings.xml}), into {@code -Dmaven.repo.local}, else the settings' {@code
   * <localRepository>}, else {@code ~/.m2/repository}.
   */
  public static MavenResolver standard() {
    Path m2 = Path.of(System.getProperty("user.home"), ".m2");
    String mavenHome = System.getenv("MAVEN_HOME");
    return fromSettings(
        m2.resolve("settings.xml"),
        mavenHome == null ? null : Path.of(mavenHome, "conf", "settings.xml"),
        m2.resolve("repository"));
  }

  /**
   * Like {@link #standard()} with these settings files (either may be missing) and this default
   * local repository. The files are read when the first coordinates are resolved, so a broken
   * settings.xml is the error of that {@code %maven}, not of the kernel's start.
   */
  public static MavenResolver fromSettings(
      Path userSettings, Path globalSettings, Path defaultLocal) {
    String local = System.getProperty("maven.repo.local");
    Path explicit = local == null || local.isBlank() ? null : Path.of(local);
    return new MavenResolver(
        explicit,
        defaultLocal,
        List.of(MAVEN_CENTRAL),
        () -> MavenSettings.read(userSettings, globalSettings));
  }

  /**
   * Resolves all {@code coordinates} ({@code group:artifact[:extension[:classifier]]:version}) with
   * their runtime dependencies in one graph, so a library two of them need comes once, in the
   * version Maven's nearest-wins rule picks; downloads what the local repository lacks. A graph
   * resolved before, whose files are unchanged, comes from {@link ResolutionCache}.
   *
   * @return the jars, the requested artifacts first
   * @throws IllegalArgumentException for malformed coordinates
   * @throws IllegalStateException when resolution fails (the message says which artifact)
   */
  public List<Jar> resolve(List<String> coordinates) {
    return resolve(coordinates, List.of());
  }

  /**
   * {@link #resolve(List)} searching {@code added} repositories too: after settings.xml's profile
   * repositories and before Maven Central, where mvn puts a pom's; one with the id of another (even
   * {@code central}) stands in for it.
   */
  public List<Jar> resolve(List<String> coordinates, List<Repository> added) {
    // Not synchronized: an interrupted %maven whose repository never answers keeps its thread in a
    // socket read for the request timeout (30 min); later ones must not queue behind it.
    CollectRequest collect = new CollectRequest();
    for (String c : coordinates) {
      collect.addDependency(new Dependency(artifact(c), JavaScopes.RUNTIME));
    }
    MavenSettings settings = settings();
    Path local =
        explicitLocal != null ? explicitLocal : settings.localRepository().orElse(defaultLocal);
    ResolutionCache cache = new ResolutionCache(local.resolve(CACHE_DIRECTORY));
    List<String> repositories = new ArrayList<>(remoteUrls);
    repositories.addAll(settings.mirrors());
    settings.repositories().forEach(r -> repositories.add("repository " + r));
    added.forEach(r -> repositories.add("added " + r.id() + " " + r.url()));
    String key = ResolutionCache.key(coordinates, repositories);
    Instant now = Instant.now();
    Optional<List<Jar>> cached = cache.lookup(key, now);
    if (cached.isPresent()) {
      return cached.get();
    }
    Graph graph = resolveGraph(collect, local, coordinates, settings, added);
    // Repository metadata is read exactly when versions are looked up rather than given: ranges,
    // LATEST/RELEASE and SNAPSHOTs, anywhere in the graph (parents too).
    boolean mayChange =
        graph.metadataRead() || ResolutionCache.mayChange(coordinates, graph.jars());
    cache.store(key, graph.jars(), graph.pomsRead(), mayChange, now);
    return graph.jars();
  }

  /**
   * {@code g:a[:extension[:classifier]]:v}, as IJava and Maven's resolver read it. Gradle's {@code
   * g:a:v:classifier} would read as extension v and version classifier, and fail as an artifact not
   * found that prints just as typed: it is refused, with the coordinate it means.
   */
  private static Artifact artifact(String c) {
    Artifact a;
    try {
      a = new DefaultArtifact(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected group:artifact:version, got '" + c + "'");
    }
    String[] parts = c.split(":");
    if (parts.length == 4 && Character.isDigit(a.getExtension().charAt(0))) {
      throw new IllegalArgumentException(
          "'"
              + c
              + "' puts the version before the classifier; write "
              + String.join(":", parts[0], parts[1], "jar", parts[3], parts[2]));
    }
    return a;
  }

  /**
   * A resolved graph: its jars, every POM read for it (parents and imported BOMs too), and whether
   * repository metadata was read for it (versions were looked up, so newly published ones may
   * change it).
   */
  private record Graph(List<Jar> jars, Set<Path> pomsRead, boolean metadataRead) {}

  /** The settings, read on first use: most notebooks never resolve anything. */
  private synchronized MavenSettings settings() {
    if (settings == null) {
      settings = settingsSource.get();
      // In a notebook this is the %maven cell's stderr; in a pipeline, the run's.
      settings.problems().forEach(p -> System.err.println("warning: " + p));
    }
    return settings;
  }

  private synchronized RepositorySystem system() {
    if (system == null) {
      system = new RepositorySystemSupplier().get(); // costs start-up time: only when needed
    }
    return system;
  }

  private Graph resolveGraph(
      CollectRequest collect,
      Path local,
      List<String> coordinates,
      MavenSettings settings,
      List<Repository> added) {
    RepositorySystem system = system();
    DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
    settings.applyTo(session);
    session.setLocalRepositoryManager(
        system.newLocalRepositoryManager(session, new LocalRepository(local.toFile())));
    Set<Path> pomsRead = ConcurrentHashMap.newKeySet();
    AtomicBoolean metadataRead = new AtomicBoolean();
    session.setRepositoryListener(
        new AbstractRepositoryListener() {
          @Override
          public void artifactResolved(RepositoryEvent event) {
            Artifact a = event.getArtifact();
            if (a != null && a.getFile() != null && "pom".equals(a.getExtension())) {
              pomsRead.add(a.getFile().toPath().toAbsolutePath());
            }
          }

          @Override
          public void metadataResolved(RepositoryEvent event) {
            if (event.getMetadata() != null) {
              metadataRead.set(true);
            }
          }
        });
    collect.setRepositories(system.newResolutionRepositories(session, remotes(settings, added)));
    DependencyRequest request =
        new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    try {
      DependencyResult result = system.resolveDependencies(session, request);
      List<Jar> jars = new ArrayList<>();
      for (ArtifactResult r : result.getArtifactResults()) {
        Artifact a = r.getArtifact();
        if ("pom".equals(a.getExtension())) {
          continue; // g:a:pom:v, a BOM or aggregator: its dependencies, no class path entry
        }
        String key =
            a.getGroupId()
                + ":"
                + a.getArtifactId()
                + (a.getClassifier().isEmpty() ? "" : ":" + a.getClassifier());
        jars.add(new Jar(key, a.getBaseVersion(), a.getFile().toPath()));
      }
      return new Graph(jars, pomsRead, metadataRead.get());
    } catch (DependencyResolutionException e) {
      throw new IllegalStateException(
          "cannot resolve " + String.join(" ", coordinates) + ": " + whyUnresolved(e), e);
    }
  }

  /**
   * settings.xml's profile repositories, then the notebook's, then ours (Central), as mvn orders
   * them (a pom's repositories before the super pom's Central).
   */
  private List<RemoteRepository> remotes(MavenSettings settings, List<Repository> added) {
    List<RemoteRepository> list = new ArrayList<>(settings.repositories());
    for (Repository r : added) {
      list.removeIf(existing -> existing.getId().equals(r.id()));
      list.add(new RemoteRepository.Builder(r.id(), "default", r.url()).build());
    }
    for (int i = 0; i < remoteUrls.size(); i++) {
      // Mirrors in settings.xml name the repositories they replace: Central is "central".
      String id = i == 0 && MAVEN_CENTRAL.equals(remoteUrls.get(i)) ? "central" : "remote-" + i;
      // A profile's repository "central" stands in for Central, as in mvn.
      if (list.stream().noneMatch(r -> r.getId().equals(id))) {
        list.add(new RemoteRepository.Builder(id, "default", remoteUrls.get(i)).build());
      }
    }
    return list;
  }

  /**
   * Why a resolution failed, in one line: the resolver's innermost message ("Could not find
   * artifact g:a:jar:v in central (url)"), or for a download that failed, the message naming the
   * artifact and repository ("Could not transfer ... from/to nexus (url): status code: 401 ..."). A
   * repository that could not be reached at all is named with its proxy: the resolver's line says
   * only "Connection refused" or, for an unknown host, the bare host name.
   */
  private static String whyUnresolved(Throwable t) {
    Exception transfer = null;
    RemoteRepository repository = null;
    Throwable root = t;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ArtifactTransferException a) {
        transfer = a;
        repository = a.getRepository();
      } else if (c instanceof MetadataTransferException m) {
        transfer = m;
        repository = m.getRepository();
      }
      root = c;
    }
    if (repository != null && unreachable(root)) {
      Proxy proxy = repository.getProxy();
      return "cannot reach "
          + repository.getUrl()
          + (proxy == null ? "" : " through proxy " + proxy.getHost() + ":" + proxy.getPort())
          + " ("
          + (root instanceof UnknownHostException ? "unknown host " : "")
          + messageOf(root)
          + ")";
    }
    return messageOf(transfer != null ? transfer : root);
  }

  /** No answer at all: no such host, refused, timed out, or no TLS session. */
  private static boolean unreachable(Throwable t) {
    return t instanceof UnknownHostException
        || t instanceof SocketException
        || t instanceof InterruptedIOException
        || t instanceof SSLException;
  }

  private static String messageOf(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
