/**
 * What the checks hand to the generators: a task's attributes as read from its mirror ({@link
 * dev.idempotent4j.processor.model.TaskAnnotation}), its parsed key ({@link
 * dev.idempotent4j.processor.model.KeyTemplate}), its resolved paths, and the clean {@link
 * dev.idempotent4j.processor.model.TaskModel}. Values only: no compiler calls, no diagnostics.
 */
package dev.idempotent4j.processor.model;
