package dev.idempotent4j.spring.boot;

import dev.idempotent4j.jdbc.AmbientTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's transactions for the PostgreSQL store: inside a read-write {@code @Transactional} (or
 * {@code TransactionTemplate}) transaction on the store's {@code DataSource}, the connection Spring
 * holds for it ({@link DataSourceUtils#getConnection}), so the record commits or rolls back with
 * the method's own writes; outside of one, none.
 */
final class SpringManagedTransactions implements AmbientTransaction {

  @Override
  public Connection connection(DataSource dataSource) throws SQLException {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      return null; // a read-only transaction could not write the record: the store's own steps
    }
    // Spring's holder keeps this connection until the transaction ends, whatever its count says.
    Connection connection = DataSourceUtils.getConnection(dataSource);
    if (connection.getAutoCommit()) {
      // The transaction is another resource's (another DataSource, JTA): Spring lent this
      // connection for the call only, outside any transaction of this DataSource.
      DataSourceUtils.releaseConnection(connection, dataSource);
      return null;
    }
    return connection;
  }

  @Override
  public void onCompletion(Runnable beforeCommit, Runnable afterCompletion) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void beforeCommit(boolean readOnly) {
            beforeCommit.run();
          }

          @Override
          public void afterCompletion(int status) {
            afterCompletion.run();
          }
        });
  }
}
