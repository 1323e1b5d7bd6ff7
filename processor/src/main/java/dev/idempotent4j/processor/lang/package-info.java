/**
 * What several parts of the processor know about Java and javac, in one copy each: what the
 * generated class can name ({@link dev.idempotent4j.processor.lang.Accessibility}), which types
 * cannot be stored ({@link dev.idempotent4j.processor.lang.UnstorableTypes}), how methods are
 * written ({@link dev.idempotent4j.processor.lang.Methods}), finding an annotation by name ({@link
 * dev.idempotent4j.processor.lang.AnnotationMirrors}) and finding javac's task ({@link
 * dev.idempotent4j.processor.lang.JavacTasks}). A leaf: depends on no other processor package.
 */
package dev.idempotent4j.processor.lang;
