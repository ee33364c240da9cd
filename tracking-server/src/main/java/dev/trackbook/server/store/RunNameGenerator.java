package dev.trackbook.server.store;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Readable names for runs created without one, in MLflow's {@code adjective-noun-NNN} shape
 * (mlflow/utils/name_utils.py). Our own word lists.
 */
final class RunNameGenerator {
  private static final List<String> ADJECTIVES =
      List.of(
          "agile", "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "curious",
          "dapper", "eager", "fancy", "gentle", "glad", "golden", "honest", "humble", "jolly",
          "keen", "lucky", "merry", "nimble", "polite", "quiet", "rapid", "silent", "sleek",
          "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise", "zesty");
  private static final List<String> NOUNS =
      List.of(
          "badger", "bass", "bear", "crane", "deer", "dolphin", "eagle", "falcon", "finch", "fox",
          "gecko", "hare", "hawk", "heron", "ibis", "koala", "lark", "lemur", "lynx", "mole",
          "moose", "newt", "otter", "owl", "panda", "puffin", "robin", "seal", "shrew", "sparrow",
          "swan", "tiger", "toad", "wolf", "wren", "yak");

  private final RandomGenerator random;

  RunNameGenerator(RandomGenerator random) {
    this.random = random;
  }

  String next() {
    return ADJECTIVES.get(random.nextInt(ADJECTIVES.size()))
        + "-"
        + NOUNS.get(random.nextInt(NOUNS.size()))
        + "-"
        + random.nextInt(1000);
  }
}
