package dev.idempotent4j.processor.sideeffect;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shipped list exists in the jar's resources and parses without a bad line. */
class ShippedListsTest {

  @Test
  void everyShippedListParsesClean() {
    for (String name : ShippedLists.NAMES) {
      SideEffectList.Parsed parsed =
          SideEffectList.parse(ShippedLists.source(name), ShippedLists.text(name));
      assertThat(parsed.errors()).isEmpty();
      assertThat(parsed.entries()).isNotEmpty();
    }
  }

  @Test
  void entriesMatchThroughSupertypes() {
    SideEffectList jdbc =
        SideEffectList.empty()
            .with(SideEffectList.parse("jdbc", ShippedLists.text("jdbc")).entries());

    assertThat(
            jdbc.matchMethod(
                List.of(
                    "com.zaxxer.hikari.pool.HikariProxyPreparedStatement",
                    "java.sql.PreparedStatement",
                    "java.sql.Statement"),
                "executeUpdate"))
        .isNotNull();
    assertThat(jdbc.matchMethod(List.of("java.sql.Statement"), "executeQuery")).isNull();
    assertThat(jdbc.matchMethod(List.of("java.sql.Connection"), "commit")).isNull();
  }

  @Test
  void awsPatternCoversEveryServiceClientButNotOtherTypes() {
    SideEffectList aws =
        SideEffectList.empty()
            .with(SideEffectList.parse("aws-sdk", ShippedLists.text("aws-sdk")).entries());

    assertThat(aws.matchMethod(List.of("software.amazon.awssdk.services.s3.S3Client"), "putObject"))
        .isNotNull();
    assertThat(
            aws.matchMethod(
                List.of("software.amazon.awssdk.services.sns.SnsAsyncClient"), "publish"))
        .isNotNull();
    assertThat(aws.matchMethod(List.of("software.amazon.awssdk.services.s3.S3Client"), "getObject"))
        .isNull();
    assertThat(
            aws.matchMethod(
                List.of("software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder"),
                "putObject"))
        .isNull();
  }

  @Test
  void unknownNameIsRefused() {
    assertThat(ShippedLists.isKnown("jdbc")).isTrue();
    assertThat(ShippedLists.isKnown("hibernate")).isFalse();
    assertThrows(IllegalArgumentException.class, () -> ShippedLists.text("hibernate"));
  }
}
