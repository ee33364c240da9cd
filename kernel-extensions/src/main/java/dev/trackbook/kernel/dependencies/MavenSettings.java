package dev.trackbook.kernel.dependencies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * What {@code mvn} takes from {@code settings.xml} for downloading, so {@code %maven} works where
 * the user's Maven does: behind a company mirror or proxy, with repository credentials, offline,
 * with another local repository. Encrypted passwords ({@code {...}}, settings-security.xml) are
 * passed as written, which a server will refuse: use plain ones for now.
 */
final class MavenSettings {

  private final Settings settings;

  private MavenSettings(Settings settings) {
    this.settings = settings;
  }

  /** No settings files: Maven's defaults. */
  static MavenSettings none() {
    return new MavenSettings(new Settings());
  }

  /**
   * Reads {@code userFile} over {@code globalFile} as Maven merges them; either may be missing.
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
    try {
      return new MavenSettings(
          new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings());
    } catch (SettingsBuildingException e) {
      SettingsProblem first = e.getProblems().get(0);
      throw new IllegalStateException(
          "cannot read Maven settings: "
              + first.getSource()
              + (first.getLineNumber() > 0 ? ", line " + first.getLineNumber() : "")
              + ": "
              + first.getMessage());
    }
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
  java.util.List<String> mirrors() {
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
