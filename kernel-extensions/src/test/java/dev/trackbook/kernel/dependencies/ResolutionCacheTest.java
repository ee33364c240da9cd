package dev.trackbook.kernel.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a cached graph may be reused, and when it must be resolved again. */
class ResolutionCacheTest {

  @TempDir Path dir;

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final String KEY = ResolutionCache.key(List.of("g:a:1.0"), List.of("https://r/"));

  private ResolutionCache cache;
  private Path jar;
  private Path pom;
  private List<MavenResolver.Jar> jars;

  @BeforeEach
  void files() throws Exception {
    cache = new ResolutionCache(dir.resolve("cache"));
    Path version = Files.createDirectories(dir.resolve("repo/g/a/1.0"));
    jar = Files.writeString(version.resolve("a-1.0-linux-x86_64.jar"), "jar");
    pom = Files.writeString(version.resolve("a-1.0.pom"), "<project/>");
    jars = List.of(new MavenResolver.Jar("g:a:linux-x86_64", "1.0", jar));
  }

  @Test
  void aStoredGraphIsFoundWhileItsJarsAndPomsAreUnchanged() throws Exception {
    cache.store(KEY, jars, List.of(), false, NOW);
    assertThat(cache.lookup(KEY, NOW.plus(Duration.ofDays(400)))).contains(jars);

    Files.setLastModifiedTime(pom, FileTime.from(NOW)); // the pom beside a classifier jar counts
    assertThat(cache.lookup(KEY, NOW)).isEmpty();
  }

  @Test
  void everyPomTheResolutionReadIsStamped() throws Exception {
    Path parent = Files.writeString(dir.resolve("repo/g/parent-1.0.pom"), "<project/>");
    cache.store(KEY, jars, List.of(parent), false, NOW);
    assertThat(cache.lookup(KEY, NOW)).isPresent();
    Files.setLastModifiedTime(parent, FileTime.from(NOW));
    assertThat(cache.lookup(KEY, NOW)).isEmpty();
  }

  @Test
  void aGraphWithAJarWhosePomIsMissingIsReusedForADayOnly() throws Exception {
    Files.delete(pom); // Maven took it as having no dependencies, and looks for it again daily
    cache.store(KEY, jars, List.of(), false, NOW);
    assertThat(cache.lookup(KEY, NOW.plus(Duration.ofHours(23)))).isPresent();
    assertThat(cache.lookup(KEY, NOW.plus(Duration.ofHours(24)))).isEmpty();
  }

  @Test
  void aRewrittenOrDeletedJarIsAMiss() throws Exception {
    cache.store(KEY, jars, List.of(), false, NOW);
    Files.writeString(jar, "a longer jar");
    assertThat(cache.lookup(KEY, NOW)).isEmpty();

    cache.store(KEY, jars, List.of(), false, NOW);
    assertThat(cache.lookup(KEY, NOW)).isPresent();
    Files.delete(jar);
    assertThat(cache.lookup(KEY, NOW)).isEmpty();
  }

  @Test
  void aGraphThatMayChangeRemotelyExpires() {
    cache.store(KEY, jars, List.of(), true, NOW);
    assertThat(cache.lookup(KEY, NOW.plus(Duration.ofHours(23)))).isPresent();
    assertThat(cache.lookup(KEY, NOW.plus(Duration.ofHours(24)))).isEmpty();
  }

  @Test
  void rangesLatestReleaseAndSnapshotsMayChange() {
    List<MavenResolver.Jar> released = jars;
    List<MavenResolver.Jar> snapshot =
        List.of(new MavenResolver.Jar("g:b", "2.0-SNAPSHOT", Path.of("b.jar")));
    assertThat(ResolutionCache.mayChange(List.of("g:a:1.0"), released)).isFalse();
    assertThat(ResolutionCache.mayChange(List.of("g:a:1.0"), snapshot)).isTrue();
    assertThat(ResolutionCache.mayChange(List.of("g:a:[1.0,2.0)"), released)).isTrue();
    assertThat(ResolutionCache.mayChange(List.of("g:a:jar:LATEST"), released)).isTrue();
    assertThat(ResolutionCache.mayChange(List.of("g:a:RELEASE"), released)).isTrue();
  }

  @Test
  void theKeyDependsOnCoordinateOrderAndRepositories() {
    // Order decides nearest-wins ties; another mirror may serve other files.
    assertThat(ResolutionCache.key(List.of("g:a:1", "g:b:1"), List.of("r")))
        .isNotEqualTo(ResolutionCache.key(List.of("g:b:1", "g:a:1"), List.of("r")))
        .isNotEqualTo(ResolutionCache.key(List.of("g:a:1", "g:b:1"), List.of("r", "mirror m")))
        .isEqualTo(ResolutionCache.key(List.of("g:a:1", "g:b:1"), List.of("r")));
  }

  @Test
  void aTornOrForeignEntryIsAMiss() throws Exception {
    cache.store(KEY, jars, List.of(), false, NOW);
    Path entry = dir.resolve("cache").resolve(KEY + ".tsv");
    String text = Files.readString(entry);
    Files.writeString(entry, text.substring(0, text.length() - 5));
    assertThat(cache.lookup(KEY, NOW)).isEmpty();
    Files.writeString(entry, text.substring(0, text.indexOf("\nfile\t") + 1)); // whole lines lost
    assertThat(cache.lookup(KEY, NOW)).isEmpty();
    Files.writeString(entry, text);
    assertThat(cache.lookup(KEY, NOW)).isPresent();
    Files.writeString(entry, "something else\n");
    assertThat(cache.lookup(KEY, NOW)).isEmpty();
  }

  @Test
  void anUnwritableDirectoryIsNoCacheNotAnError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "");
    ResolutionCache broken = new ResolutionCache(file.resolve("cache"));
    broken.store(KEY, jars, List.of(), false, NOW);
    assertThat(broken.lookup(KEY, NOW)).isEmpty();
  }
}
