package dev.idempotent4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusPolicyTest {

  @Test
  void theStandardPolicyStoresAnswersAndReleasesTryAgainLater() {
    StatusPolicy policy = StatusPolicy.standard();
    for (int stored : new int[] {200, 201, 204, 400, 404, 422}) {
      assertThat(policy.stores(stored)).as("%d", stored).isTrue();
    }
    for (int released : new int[] {100, 302, 408, 409, 429, 500, 502, 503}) {
      assertThat(policy.stores(released)).as("%d", released).isFalse();
    }
  }

  @Test
  void parsesStatusesClassesAndExclusions() {
    StatusPolicy policy = StatusPolicy.parse("2xx, 303, !204");
    assertThat(policy.stores(201)).isTrue();
    assertThat(policy.stores(303)).isTrue();
    assertThat(policy.stores(204)).isFalse();
    assertThat(policy.stores(404)).isFalse();
    assertThatThrownBy(() -> StatusPolicy.parse("2xx,20"))
        .hasMessageContaining("'20'")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizesReadBinaryAndDecimalUnits() {
    assertThat(Sizes.parse("1MiB")).isEqualTo(1 << 20);
    assertThat(Sizes.parse("512 KiB")).isEqualTo(512 * 1024);
    assertThat(Sizes.parse("2MB")).isEqualTo(2_000_000);
    assertThat(Sizes.parse("100")).isEqualTo(100);
    assertThatThrownBy(() -> Sizes.parse("lots")).hasMessageContaining("lots");
  }
}
