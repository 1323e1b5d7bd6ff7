package dev.idempotent4j.processor.sideeffect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SideEffectListTest {

  @Test
  void parsesEntriesCommentsAndBlankLines() {
    SideEffectList.Parsed parsed =
        SideEffectList.parse(
            "list",
            """
        # comment

        java.net.http.HttpClient#send*   # trailing comment
        com.acme.mail.MailClient
        java.io.FileOutputStream#<init>
        """);

    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.entries()).extracting(SideEffectList.Entry::line).containsExactly(3, 4, 5);
    SideEffectList list = SideEffectList.empty().with(parsed.entries());
    assertThat(list.matchMethod(List.of("java.net.http.HttpClient"), "sendAsync").text())
        .isEqualTo("java.net.http.HttpClient#send*");
    assertThat(list.matchMethod(List.of("java.net.http.HttpClient"), "version")).isNull();
    assertThat(list.matchMethod(List.of("com.acme.Smtp", "com.acme.mail.MailClient"), "any"))
        .isNotNull();
    assertThat(list.matchConstructor("java.io.FileOutputStream")).isNotNull();
    assertThat(list.matchConstructor("com.acme.mail.MailClient")).isNull();
  }

  @Test
  void wildcardsMatchAnyRunOfCharacters() {
    SideEffectList list =
        SideEffectList.empty()
            .with(SideEffectList.parse("list", "com.acme.*#*Async\n*.Socket#connect").entries());

    assertThat(list.matchMethod(List.of("com.acme.mail.Client"), "sendAsync")).isNotNull();
    assertThat(list.matchMethod(List.of("com.acme.mail.Client"), "send")).isNull();
    assertThat(list.matchMethod(List.of("java.net.Socket"), "connect")).isNotNull();
    assertThat(list.matchMethod(List.of("java.net.SocketImpl"), "connect")).isNull();
  }

  @Test
  void dotsAreLiteralNotRegex() {
    SideEffectList list =
        SideEffectList.empty().with(SideEffectList.parse("list", "a.b#c").entries());

    assertThat(list.matchMethod(List.of("axb"), "c")).isNull();
  }

  @Test
  void reportsEachBadLineWithItsNumberAndKeepsTheGoodOnes() {
    SideEffectList.Parsed parsed =
        SideEffectList.parse(
            "list",
            """
        java.net.Socket#connect
        com.acme.Mail#
        #send
        a#b#c
        java.sql.Statement#execute(String)
        com..acme.Mail
        com.acme.Mail#send extra
        com.acme.Mail#se-nd
        """);

    assertThat(parsed.entries()).hasSize(1);
    assertThat(parsed.errors())
        .extracting(SideEffectList.SyntaxError::line, SideEffectList.SyntaxError::entry)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "com.acme.Mail#"),
            org.assertj.core.groups.Tuple.tuple(4, "a#b#c"),
            org.assertj.core.groups.Tuple.tuple(5, "java.sql.Statement#execute(String)"),
            org.assertj.core.groups.Tuple.tuple(6, "com..acme.Mail"),
            org.assertj.core.groups.Tuple.tuple(7, "com.acme.Mail#send extra"),
            org.assertj.core.groups.Tuple.tuple(8, "com.acme.Mail#se-nd"));
    assertThat(parsed.errors().get(2).problem()).contains("parameter lists are not supported");
  }
}
