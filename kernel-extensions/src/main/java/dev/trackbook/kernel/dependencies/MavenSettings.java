package dev.trackbook.kernel.dependencies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Repository;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * What {@code mvn} takes from {@code settings.xml} for downloading, so {@code %maven} works where
 * the user's Maven does: with a company repository (an active profile's) or mirror, behind a proxy,
 * with repository credentials, offline, with another local repository. Encrypted passwords ({@code
 * {...}}) are decrypted with the master password of {@code ~/.m2/settings-security.xml} (or where
 * {@code -Dsettings.security} points), as {@code mvn} does.
 */
final class MavenSettings {

  private final Settings settings;
  private final List<String> problems;

  private MavenSettings(Settings settings, List<String> problems) {
    this.settings = settings;
    this.problems = problems;
  }

  /** No settings files: Maven's defaults. */
  static MavenSettings none() {
    return new MavenSettings(new Settings(), List.of());
  }

  /**
   * Reads {@code userFile} over {@code globalFile} as Maven merges them; either may be missing.
   * Encrypted passwords are decrypted as mvn does.
   *
   * @throws IllegalStateException naming the file and line of a malformed settings.xml
   */
  static MavenSettings read(Path userFile, Path globalFile) {
    DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
    if (userFile != null && Files.isRegularFile(userFile)) {
      request.setUserSettingsFile(userFile.toFile());
    }
    if (globalFile != null && Files.isRegularFile(globalFile)) {
      request.setGlobalSettingsFile(globalFile.toFile());
    }
    // ${user.home} from these; ${env.NEXUS_TOKEN} the builder takes from the environment itself.
    request.setSystemProperties(System.getProperties());
    Settings effective;
    try {
      effective =
          new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
    } catch (SettingsBuildingException e) {
      SettingsProblem first = e.getProblems().get(0);
      throw new IllegalStateException(
          "cannot read Maven settings: "
              + first.getSource()
              + (first.getLineNumber() > 0 ? ", line " + first.getLineNumber() : "")
              + ": "
              + first.getMessage());
    }
    // As mvn: ~/.m2/settings-security.xml whichever settings.xml was read; -Dsettings.security
    // (which the dispatcher reads itself) points elsewhere.
    Path security = Path.of(System.getProperty("user.home"), ".m2", "settings-security.xml");
    return new MavenSettings(effective, decryptPasswords(effective, security));
  }

  /**
   * Replaces the servers' and proxies' encrypted passwords and passphrases with plain ones. What
   * cannot be decrypted (no master password, a wrong one) stays as written and is a problem: like
   * mvn, warn and go on, since most resolutions never use that server.
   */
  private static List<String> decryptPasswords(Settings settings, Path securityFile) {
    // Inactive proxies are never used: not decrypted, so never warned about.
    List<org.apache.maven.settings.Proxy> active =
        settings.getProxies().stream().filter(org.apache.maven.settings.Proxy::isActive).toList();
    SettingsDecryptionResult result =
        new DefaultSettingsDecrypter(
                new DefaultSecDispatcher(
                    new DefaultPlexusCipher(), Map.of(), securityFile.toString()))
            .decrypt(
                new DefaultSettingsDecryptionRequest()
                    .setServers(settings.getServers())
                    .setProxies(active));
    // Every server and active proxy comes back; those that failed keep what was written.
    settings.setServers(result.getServers());
    settings.setProxies(result.getProxies());
    return result.getProblems().stream()
        .map(p -> "settings.xml: " + whatFailed(p) + "; it is sent as written")
        .toList();
  }

  /** "Failed to decrypt password for server x" and the innermost reason, without class names. */
  private static String whatFailed(SettingsProblem problem) {
    Throwable root = problem.getException();
    if (root == null) {
      return problem.getMessage();
    }
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String reason = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return problem.getMessage().replaceFirst(": .*", "") + ": " + reason;
  }

  /** Settings that could not be applied as written (undecryptable passwords), one line each. */
  List<String> problems() {
    return problems;
  }

  /** {@code <localRepository>}, when set. */
  Optional<Path> localRepository() {
    String local = settings.getLocalRepository();
    return local == null || local.isBlank() ? Optional.empty() : Optional.of(Path.of(local));
  }

  /**
   * The mirrors, one line each: what decides where artifacts come from (proxies and credentials
   * only decide how), so resolutions cached under other mirrors are not reused.
   */
  List<String> mirrors() {
    return settings.getMirrors().stream()
        .map(
            m ->
                String.join(
                    " ",
                    "mirror",
                    m.getId(),
                    m.getUrl(),
                    m.getMirrorOf(),
                    String.valueOf(m.getMirrorOfLayouts()),
                    String.valueOf(m.isBlocked())))
        .toList();
  }

  /**
   * The repositories of the active profiles, which mvn looks in before Central: how settings.xml
   * adds a company repository that is no mirror. A profile is active when {@code <activeProfiles>}
   * names it or, when it names none of them, when it is {@code <activeByDefault>}; activation by
   * JDK, OS, property or file is not evaluated.
   */
  List<RemoteRepository> repositories() {
    List<Profile> profiles = settings.getProfiles();
    List<String> named = settings.getActiveProfiles();
    boolean anyNamed = profiles.stream().anyMatch(p -> named.contains(p.getId()));
    List<RemoteRepository> list = new ArrayList<>();
    for (Profile p : profiles) {
      boolean active =
          anyNamed
              ? named.contains(p.getId())
              : p.getActivation() != null && p.getActivation().isActiveByDefault();
      if (!active) {
        continue;
      }
      for (Repository r : p.getRepositories()) {
        list.add(
            new RemoteRepository.Builder(r.getId(), r.getLayout(), r.getUrl())
                .setReleasePolicy(policy(r.getReleases()))
                .setSnapshotPolicy(policy(r.getSnapshots()))
                .build());
      }
    }
    return list;
  }

  private static RepositoryPolicy policy(org.apache.maven.settings.RepositoryPolicy p) {
    if (p == null) {
      return new RepositoryPolicy();
    }
    return new RepositoryPolicy(
        p.isEnabled(),
        p.getUpdatePolicy() != null ? p.getUpdatePolicy() : RepositoryPolicy.UPDATE_POLICY_DAILY,
        p.getChecksumPolicy() != null
            ? p.getChecksumPolicy()
            : RepositoryPolicy.CHECKSUM_POLICY_WARN);
  }

  /** Mirrors, active proxies, server credentials and offline mode, on {@code session}. */
  void applyTo(DefaultRepositorySystemSession session) {
    session.setOffline(settings.isOffline());
    DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
    for (Mirror m : settings.getMirrors()) {
      mirrors.add(
          m.getId(),
          m.getUrl(),
          m.getLayout(),
          false,
          m.isBlocked(),
          m.getMirrorOf(),
          m.getMirrorOfLayouts());
    }
    session.setMirrorSelector(mirrors);
    DefaultProxySelector proxies = new DefaultProxySelector();
    for (org.apache.maven.settings.Proxy p : settings.getProxies()) {
      if (p.isActive()) {
        proxies.add(
            new Proxy(
                p.getProtocol(),
                p.getHost(),
                p.getPort(),
                credentials(p.getUsername(), p.getPassword())),
            p.getNonProxyHosts());
      }
    }
    session.setProxySelector(proxies);
    DefaultAuthenticationSelector servers = new DefaultAuthenticationSelector();
    for (Server s : settings.getServers()) {
      Authentication auth =
          new AuthenticationBuilder()
              .addUsername(s.getUsername())
              .addPassword(s.getPassword())
              .addPrivateKey(s.getPrivateKey(), s.getPassphrase())
              .build();
      servers.add(s.getId(), auth);
    }
    session.setAuthenticationSelector(servers);
  }

  private static Authentication credentials(String user, String password) {
    return user == null
        ? null
        : new AuthenticationBuilder().addUsername(user).addPassword(password).build();
  }
}
