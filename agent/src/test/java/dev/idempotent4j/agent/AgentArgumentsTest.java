package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

  @Test
  void noArgumentsMeanNoSettings() {
    assertThat(AgentArguments.parse(null).settings()).isEmpty();
    assertThat(AgentArguments.parse("").settings()).isEmpty();
    assertThat(AgentArguments.parse("  ").settings()).isEmpty();
  }

  @Test
  void settingsAreSeparatedByCommas() {
    assertThat(AgentArguments.parse("prefix=app,fail-mode=open,local.max-size=500").settings())
        .containsExactly(
            entry("prefix", "app"), entry("fail-mode", "open"), entry("local.max-size", "500"));
  }

  @Test
  void aCommaNotFollowedByNameEqualsBelongsToTheValue() {
    assertThat(
            AgentArguments.parse("redis.cluster=redis://h1:7000,redis://h2:7001,prefix=app")
                .settings())
        .containsExactly(
            entry("redis.cluster", "redis://h1:7000,redis://h2:7001"), entry("prefix", "app"));
    assertThat(
            AgentArguments.parse("redis=redis-sentinel://h1:26379,h2:26379/0#mymaster").settings())
        .containsExactly(entry("redis", "redis-sentinel://h1:26379,h2:26379/0#mymaster"));
  }

  @Test
  void anEqualsSignInsideAValueIsKept() {
    assertThat(AgentArguments.parse("redis=redis://u:p=w@h:6379").settings())
        .containsExactly(entry("redis", "redis://u:p=w@h:6379"));
  }

  @Test
  void textWithoutANameFails() {
    assertThatThrownBy(() -> AgentArguments.parse("prefix"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"prefix\"")
        .hasMessageContaining("'prefix' is not a setting of the form name=value")
        .hasMessageContaining("-javaagent:idempotent4j-agent.jar=prefix=app,fail-mode=open");
    assertThatThrownBy(() -> AgentArguments.parse(",prefix=app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'' is not a setting");
    assertThatThrownBy(() -> AgentArguments.parse("=app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'=app' is not a setting");
  }

  @Test
  void anEmptyValueFails() {
    assertThatThrownBy(() -> AgentArguments.parse("prefix=,fail-mode=open"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setting 'prefix' has no value");
  }

  @Test
  void aSettingGivenTwiceFails() {
    assertThatThrownBy(() -> AgentArguments.parse("prefix=a,prefix=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setting 'prefix' is given twice");
  }

  @Test
  void settingsBecomeSystemPropertiesOverwritingDashD() {
    String name = "idempotent4j.agent-arguments-test";
    System.setProperty(name, "from -D");
    try {
      AgentArguments.parse("agent-arguments-test=from agent").applyToSystemProperties();
      assertThat(System.getProperty(name)).isEqualTo("from agent");
    } finally {
      System.clearProperty(name);
    }
  }
}
