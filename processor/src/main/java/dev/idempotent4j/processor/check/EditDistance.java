package dev.idempotent4j.processor.check;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" suggestions by Levenshtein distance.
 *
 * <pre>{@code
 * EditDistance.closest("ordr", List.of("order", "amount"));  // Optional[order]
 * }</pre>
 */
final class EditDistance {

  private EditDistance() {}

  /** The candidate closest to {@code name}, if it is close enough to be a likely typo. */
  static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lowerName = name.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      String lowerCandidate = candidate.toLowerCase(Locale.ROOT);
      int distance = distance(lowerName, lowerCandidate);
      // "amountCents" for "amount": a longer or shorter spelling of the same word.
      if (Math.min(lowerName.length(), lowerCandidate.length()) >= 3
          && (lowerName.startsWith(lowerCandidate) || lowerCandidate.startsWith(lowerName))) {
        distance = Math.min(distance, 1);
      }
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, name.length() / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
