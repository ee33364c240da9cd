package dev.trackbook.server.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a line when opening a store has waited {@link #PATIENCE} for another's schema migration, and
 * one when it goes on. Flyway retries its migration lock silently, without bound ({@link
 * StoreFactory}), so a server started while another migrated looked hung.
 *
 * <p>As a Flyway callback it sees the migrations this process applies itself (Flyway logs each);
 * any other stretch of {@link #PATIENCE} before the schema is current is a wait on the lock.
 */
final class MigrationWaitNotice implements Callback, AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(MigrationWaitNotice.class);

  private final String store;
  private final ScheduledExecutorService timer;
  private long sinceNanos = System.nanoTime();
  private boolean applying;
  private boolean waitingSaid;

  private MigrationWaitNotice(String store) {
    this.store = store;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "trackbook-migration-wait");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching the migration of {@code store} (its display form, without a password). */
  static MigrationWaitNotice start(String store) {
    MigrationWaitNotice notice = new MigrationWaitNotice(store);
    notice.timer.scheduleWithFixedDelay(notice::check, 1, 1, TimeUnit.SECONDS);
    return notice;
  }

  private synchronized void check() {
    if (!applying && !waitingSaid && System.nanoTime() - sinceNanos >= PATIENCE.toNanos()) {
      waitingSaid = true;
      LOG.info(
          "Waiting for the schema migration of {} (another server is migrating it, or holds its"
              + " lock) ...",
          store);
    }
  }

  /** This process holds the lock now (it applies a migration, or finds none left). */
  private synchronized void proceeded() {
    if (waitingSaid) {
      waitingSaid = false;
      LOG.info(
          "Done waiting for the schema migration of {} after {} s",
          store,
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos));
    }
    sinceNanos = System.nanoTime();
  }

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_EACH_MIGRATE
        || event == Event.AFTER_EACH_MIGRATE
        || event == Event.AFTER_EACH_MIGRATE_ERROR;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true; // touches no database
  }

  @Override
  public synchronized void handle(Event event, Context context) {
    proceeded();
    applying = event == Event.BEFORE_EACH_MIGRATE;
  }

  @Override
  public String getCallbackName() {
    return "trackbook-migration-wait-notice";
  }

  /** Flyway returned: the schema is current (or the migration failed, which says so itself). */
  @Override
  public void close() {
    timer.shutdownNow();
    proceeded();
  }
}
