package dev.trackbook.data.dataset;

import java.util.List;

/**
 * One version of a dataset: what identifies it ({@link #sha256}, see {@link DatasetProfiler} for
 * what "same content" means) and what describes it (schema and per-column statistics).
 *
 * @param name dataset name, as logged to MLflow
 * @param sha256 content digest, 64 hex characters
 * @param sourceType MLflow source type: {@code local} for a file, {@code code} for a table built in
 *     code
 * @param source where it came from: a {@code file:} URI or the table's name
 * @param rows row count
 * @param columns per-column schema and statistics, in column order
 */
public record DatasetProfile(
    String name,
    String sha256,
    String sourceType,
    String source,
    long rows,
    List<ColumnProfile> columns) {

  /**
   * MLflow limits a dataset digest to 36 characters (MAX_DATASET_DIGEST_SIZE in
   * mlflow/utils/validation.py): the first 32 hex digits (128 bits) of the sha256.
   */
  public static final int DIGEST_LENGTH = 32;

  public DatasetProfile {
    columns = List.copyOf(columns);
  }

  /** The digest logged to MLflow: a prefix of {@link #sha256}. */
  public String digest() {
    return sha256.substring(0, DIGEST_LENGTH);
  }

  /** The profile of the column called {@code name}, or null. */
  public ColumnProfile column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    StringBuilder out =
        new StringBuilder("dataset ")
            .append(name)
            .append(" @ ")
            .append(digest())
            .append(": ")
            .append(rows)
            .append(" rows x ")
            .append(columns.size())
            .append(" columns (");
    for (int i = 0; i < columns.size(); i++) {
      ColumnProfile c = columns.get(i);
      out.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.type().toLowerCase());
    }
    return out.append(")").toString();
  }
}
