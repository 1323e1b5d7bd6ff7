/**
 * Result codecs: how a task's result becomes JSON text in the shared store and comes back, for the
 * method's exact declared return type. The processor wires {@link
 * dev.idempotent4j.runtime.codec.Codecs} together as plain Java; nothing here reflects, uses Java
 * serialization, or reads a type name from the stored text, so a poisoned store value can only ever
 * decode into the declared type or fail.
 *
 * <h2>JSON forms</h2>
 *
 * <table>
 *   <caption>What each type looks like in {@code redis-cli}</caption>
 *   <tr><th>type</th><th>JSON</th></tr>
 *   <tr><td>{@code void} / {@code Void}</td><td>{@code null}</td></tr>
 *   <tr><td>{@code boolean}, integers</td><td>{@code true}, {@code -9223372036854775808}</td></tr>
 *   <tr><td>{@code double}, {@code float}</td><td>{@code 0.1}, {@code 1.0E-5}; NaN and the
 *       infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}</td></tr>
 *   <tr><td>{@code char}</td><td>{@code "x"}</td></tr>
 *   <tr><td>{@code String}</td><td>{@code "a\"b\n"}: control characters, U+2028/9 and unpaired
 *       surrogates escaped as {@code \}{@code uXXXX}; other characters as they are</td></tr>
 *   <tr><td>enum</td><td>{@code "PAID"} (its name)</td></tr>
 *   <tr><td>{@code UUID}, {@code BigDecimal}, {@code BigInteger}</td><td>{@code "12.50"}: a string,
 *       exact (scale kept; no JSON tool turns it into a double)</td></tr>
 *   <tr><td>{@code java.time}</td><td>ISO-8601 strings: {@code "2024-01-31T10:15:30Z"}, {@code
 *       "PT1H30M"}, {@code "2024-01-31T10:15:30+01:00[Europe/Paris]"}; {@code Year} as {@code
 *       "2024"}</td></tr>
 *   <tr><td>{@code Optional}, {@code OptionalInt}...</td><td>the value, or {@code null} if
 *       empty</td></tr>
 *   <tr><td>{@code List}, {@code Set}, {@code SortedSet}, arrays</td><td>{@code [1,2]}</td></tr>
 *   <tr><td>{@code byte[]}, {@code char[]}</td><td>base64 {@code "AQID"}; {@code "text"}</td></tr>
 *   <tr><td>{@code Map}, {@code SortedMap}</td><td>{@code {"EUR":1250}}, keyed by the key's text
 *       (keys: {@code String}, enums, integers, {@code UUID}, {@code BigDecimal}, {@code
 *       BigInteger}, {@code java.time})</td></tr>
 *   <tr><td>record</td><td>{@code {"id":"r-1","cents":1250}}: component name to value, in
 *       declaration order</td></tr>
 *   <tr><td>class (constructor or setters)</td><td>the same: property name to value</td></tr>
 *   <tr><td>sealed type</td><td>{@code {"type":"Card","last4":"4242"}}: the subtype's tag first,
 *       then its fields ({@link dev.idempotent4j.runtime.codec.SealedCodec})</td></tr>
 * </table>
 *
 * <h2>Decisions</h2>
 *
 * <ul>
 *   <li>Decoded values are immutable: lists, sets and maps are unmodifiable copies that keep {@code
 *       null} elements and values and the stored order ({@code SortedSet}/{@code SortedMap} in
 *       natural order); arrays are fresh.
 *   <li>Records: an unknown field is skipped (a newer version of the application may have written
 *       it); a missing component, or one given twice, is an error, never a silent {@code null};
 *       fields may come in any order.
 *   <li>Reading is strict where meaning could change: {@code 300} is not a {@code byte}, {@code
 *       1.5} and {@code 1e2} are not integers, a set with a repeated element or a map with a
 *       repeated key is rejected, trailing text is rejected.
 *   <li>Hostile text costs bounded work: nesting deeper than {@link
 *       dev.idempotent4j.runtime.codec.JsonReader#MAX_DEPTH} and numbers longer than {@link
 *       dev.idempotent4j.runtime.codec.JsonReader#MAX_NUMBER_LENGTH} characters are errors, text
 *       parsed as {@code BigInteger}/{@code BigDecimal} is at most 10,000 characters, and nothing
 *       recurses on the text's shape. Every failure is an {@code IllegalArgumentException} whose
 *       message starts with the JSON path: {@code $.items[2].cents: expected an integer from
 *       -9223372036854775808 to 9223372036854775807 (long), found "x"}.
 *   <li>Encoding fails only for a {@code null} map key (JSON keys are text).
 * </ul>
 */
package dev.idempotent4j.runtime.codec;
