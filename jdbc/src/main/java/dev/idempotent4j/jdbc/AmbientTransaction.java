package dev.idempotent4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The transaction a framework runs on the calling thread, for a {@link JdbcStore} to join without
 * {@link JdbcTransaction#join}: a task that runs inside it records its claim and outcome on that
 * transaction's connection, with the same rules as {@code join} (docs/postgresql.md, "Transactional
 * outcomes"). The Spring starter implements it for {@code @Transactional}; other frameworks can,
 * with no Spring types here.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder(dataSource)
 *     .ambientTransaction(frameworkTransactions) // an AmbientTransaction
 *     .build();
 * }</pre>
 */
public interface AmbientTransaction {

  /**
   * The connection of the read-write transaction the calling thread runs on {@code dataSource}
   * (auto-commit off, owned by the framework), or null outside of one: the store then borrows a
   * connection of its own for each step, as without this hook. Asked at each claim.
   *
   * @throws SQLException if the framework cannot hand out the connection
   */
  Connection connection(DataSource dataSource) throws SQLException;

  /**
   * Registers callbacks for the end of the transaction whose connection {@link #connection} just
   * returned, on this thread; called once per transaction, at its first claim.
   *
   * @param beforeCommit to run just before the commit; it throws (an {@code IdempotencyException})
   *     when a task of the transaction still runs, which must roll it back
   * @param afterCompletion to run once the transaction committed or rolled back
   */
  void onCompletion(Runnable beforeCommit, Runnable afterCompletion);
}
