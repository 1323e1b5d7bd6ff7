/**
 * The shared store on PostgreSQL ({@link dev.idempotent4j.jdbc.JdbcStore}, chosen by the setting
 * {@code jdbc} or built over the application's {@code DataSource}) and transactional outcomes
 * ({@link dev.idempotent4j.jdbc.JdbcTransaction#join}): records that commit with the application's
 * own writes. Schema, rules and operations: {@code docs/postgresql.md}.
 */
package dev.idempotent4j.jdbc;
