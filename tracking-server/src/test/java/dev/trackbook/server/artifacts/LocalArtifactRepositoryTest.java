package dev.trackbook.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactRepositoryTest {
  @TempDir Path temp;
  Path outside;
  LocalArtifactRepository repo;

  @BeforeEach
  void setUp() throws IOException {
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    repo = new LocalArtifactRepository(temp.resolve("root"));
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ErrorCode codeOf(Throwable t) {
    return ((TrackingException) t).code();
  }

  @Test
  void writesListsReadsAndDeletes() throws IOException {
    repo.write("run/artifacts/model/w.bin", bytes("1234"), 100);
    repo.write("run/artifacts/notes.md", bytes("# hi"), 100);
    assertThat(repo.list("run/artifacts"))
        .containsExactly(
            new ArtifactFile("model", true, null), new ArtifactFile("notes.md", false, 4L));
    assertThat(repo.file("run/artifacts/model/w.bin")).hasContent("1234");
    repo.delete("run/artifacts/model");
    assertThat(repo.list("run/artifacts")).containsExactly(new ArtifactFile("notes.md", false, 4L));
    assertThat(repo.list("no/such/dir")).isEmpty();
  }

  @Test
  void overwriteReplacesTheWholeFile() throws IOException {
    repo.write("a.txt", bytes("a long first version"), 100);
    repo.write("a.txt", bytes("short"), 100);
    assertThat(repo.file("a.txt")).hasContent("short");
  }

  @Test
  void uploadOverTheLimitLeavesNoTraceAndKeepsTheOldFile() throws IOException {
    repo.write("a.txt", bytes("old"), 100);
    assertThatThrownBy(() -> repo.write("a.txt", bytes("x".repeat(101)), 100))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.REQUEST_TOO_LARGE));
    assertThat(repo.file("a.txt")).hasContent("old");
    try (var files = Files.list(repo.root())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.txt");
    }
  }

  @Test
  void aFileInTheWayOrANameTooLongIsTheRequestsMistake() throws IOException {
    repo.write("run/a/b.txt", bytes("b"), 100);
    assertThatThrownBy(() -> repo.write("run/a/b.txt/c.txt", bytes("c"), 100))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("a file is in the way");
    assertThatThrownBy(() -> repo.write("run/" + "x".repeat(256), bytes("c"), 100))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("longer than 255 bytes");
    repo.write("run/" + "x".repeat(255), bytes("c"), 100);
    assertThat(repo.file("run/a/b.txt")).hasContent("b");
  }

  @Test
  void aPathTooLongForTheFileSystemIsRefusedBeforeAnythingIsMade() throws IOException {
    String deep = ("a".repeat(250) + "/").repeat(18);
    // Every name fits; the whole path does not (Linux: 4096 bytes), or only without room for the
    // upload's temp file next to a short last name.
    int room = 4095 - temp.resolve("root").toAbsolutePath().toString().length() - 1;
    String tight = ("c".repeat(200) + "/").repeat((room - 30) / 201) + "f";
    for (String path : List.of(deep + "f.txt", tight)) {
      assertThatThrownBy(() -> repo.write(path, bytes("x"), 100))
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessageContaining("is too long");
    }
    assertThat(repo.list("")).isEmpty();
  }

  @Test
  void namesOfUnfinishedUploadsAreReserved() {
    assertThatThrownBy(() -> repo.write("run/.trackbook-upload-notes.txt", bytes("x"), 100))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("reserved");
  }

  @Test
  void missingFilesAreResourceDoesNotExist() {
    assertThatThrownBy(() -> repo.file("nope.txt"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    assertThatThrownBy(() -> repo.delete("nope"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
  }

  @Test
  void symlinksOutOfTheRootAreRefusedEverywhere() throws IOException {
    Files.createSymbolicLink(repo.root().resolve("escape"), outside);
    Files.createSymbolicLink(repo.root().resolve("secret-link.txt"), outside.resolve("secret.txt"));
    for (String path : List.of("escape/secret.txt", "secret-link.txt")) {
      assertThatThrownBy(() -> repo.file(path))
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
      assertThatThrownBy(() -> repo.delete(path))
          .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
    assertThatThrownBy(() -> repo.write("escape/planted.txt", bytes("x"), 100))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    assertThatThrownBy(() -> repo.write("escape/new/dir/planted.txt", bytes("x"), 100))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    assertThatThrownBy(() -> repo.list("escape"))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    assertThat(repo.list("")).isEmpty(); // links leading out are not listed
    assertThat(outside.resolve("planted.txt")).doesNotExist();
    assertThat(outside.resolve("new")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).hasContent("secret");
  }

  @Test
  void symlinksInsideTheRootWork() throws IOException {
    repo.write("real/a.txt", bytes("a"), 10);
    Files.createSymbolicLink(repo.root().resolve("alias"), repo.root().resolve("real"));
    assertThat(repo.file("alias/a.txt")).hasContent("a");
  }

  @Test
  void deletingADirectoryWithALinkRemovesTheLinkNotItsTarget() throws IOException {
    repo.write("dir/a.txt", bytes("a"), 10);
    Files.createSymbolicLink(repo.root().resolve("dir/out"), outside);
    repo.delete("dir");
    assertThat(repo.root().resolve("dir")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).hasContent("secret");
  }

  @Test
  void refusesToDeleteTheRoot() {
    assertThatThrownBy(() -> repo.delete(""))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }
}
