package dev.trackbook.kernel.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddedRepositoriesTest {

  @Test
  void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
    for (String url :
        List.of(
            "https://me:s3cret@repo.corp/m2/", "http://s3cret@repo.corp/m2", "file://me@host/m2")) {
      assertThatThrownBy(() -> AddedRepositories.parse("%addMavenRepo", List.of("corp", url)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "%addMavenRepo: the URL holds credentials (user:token@), which would be saved with"
                  + " the notebook; put them in a <server> with id corp in ~/.m2/settings.xml")
          .hasMessageNotContaining("s3cret");
    }
    // Too many arguments: the usage line leaves them out rather than repeat the credential.
    assertThatThrownBy(
            () ->
                AddedRepositories.parse(
                    "%addMavenRepo", List.of("corp", "https://me:s3cret@repo.corp/", "extra")))
        .hasMessage("%addMavenRepo: expected ID URL");
    assertThatThrownBy(() -> AddedRepositories.parse("%mavenRepo", List.of("extra")))
        .hasMessage("%mavenRepo: expected ID URL, got 'extra'");
  }

  @Test
  void anAtAfterTheHostIsNoCredential() {
    assertThat(
            AddedRepositories.parse("%mavenRepo", List.of("corp", "https://repo.corp/m2/@scope/")))
        .isEqualTo(new MavenResolver.Repository("corp", "https://repo.corp/m2/@scope/"));
  }
}
