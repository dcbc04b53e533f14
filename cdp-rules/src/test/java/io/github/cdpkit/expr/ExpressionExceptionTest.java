package io.github.cdpkit.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpressionExceptionTest {

  @Test
  void shouldNameLineAndColumnAndPointAtTheFaultWhenExpressionIsOneLine() {
    ExpressionException e = ExpressionException.at("age >= ", 7, "expected a value after '>='");

    assertThat(e.getMessage()).isEqualTo("""
        expected a value after '>=' at line 1, column 8
        age >=\s
               ^""");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(8);
  }

  @Test
  void shouldKeepExpressionPositionAndReasonWhenCreated() {
    ExpressionException e = ExpressionException.at("a and", 2, "unknown tag 'and'");

    assertThat(e.expression()).isEqualTo("a and");
    assertThat(e.position()).isEqualTo(2);
    assertThat(e.reason()).isEqualTo("unknown tag 'and'");
    assertThat(e).isInstanceOf(RuntimeException.class).hasNoCause();
  }

  @Test
  void shouldShowOnlyTheOffendingLineWhenExpressionSpansLines() {
    String expression = "has_tag(\"vip\")\nand age >= )\nor city == \"Hangzhou\"";
    int position = expression.indexOf(')', expression.indexOf('\n'));

    ExpressionException e = ExpressionException.at(expression, position, "expected a value");

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(12);
    assertThat(e.getMessage()).isEqualTo("""
        expected a value at line 2, column 12
        and age >= )
                   ^""");
  }

  @Test
  void shouldCountCrLfAsOneLineBreakWhenExpressionUsesWindowsLineEndings() {
    String expression = "a\r\nb\r\nc +";

    ExpressionException e = ExpressionException.at(expression, expression.length(), "unexpected end");

    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(4);
    assertThat(e.getMessage()).isEqualTo("unexpected end at line 3, column 4\nc +\n   ^");
  }

  @Test
  void shouldCountLoneCarriageReturnAsLineBreakWhenExpressionUsesOldMacLineEndings() {
    ExpressionException e = ExpressionException.at("a\rb ?", 4, "unexpected '?'");

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(3);
  }

  @Test
  void shouldPointPastTheLineWhenPositionIsTheLineBreak() {
    ExpressionException e = ExpressionException.at("age >\nand x", 5, "expected a value before the line end");

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(6);
    assertThat(e.getMessage()).endsWith("\nage >\n     ^");
  }

  @Test
  void shouldPointAtTheFirstCharacterWhenPositionIsZero() {
    ExpressionException e = ExpressionException.at(")", 0, "unexpected ')'");

    assertThat(e.getMessage()).isEqualTo("unexpected ')' at line 1, column 1\n)\n^");
  }

  @Test
  void shouldPointAtTheEndWhenExpressionIsEmpty() {
    ExpressionException e = ExpressionException.at("", 0, "empty expression");

    assertThat(e.getMessage()).isEqualTo("empty expression at line 1, column 1\n\n^");
  }

  @Test
  void shouldKeepTabsInCaretLineWhenOffendingLineIsIndentedWithTabs() {
    ExpressionException e = ExpressionException.at("\t\tage >= )", 9, "expected a value");

    assertThat(e.column()).isEqualTo(10);
    assertThat(e.getMessage()).endsWith("\n\t\tage >= )\n\t\t       ^");
  }

  @Test
  void shouldPadWithIdeographicSpacesWhenLineHoldsChineseText() {
    ExpressionException e = ExpressionException.at("城市 == ?", 6, "expected a string");

    assertThat(e.column()).isEqualTo(7);
    assertThat(e.getMessage()).endsWith("\n城市 == ?\n\u3000\u3000    ^");
  }

  @Test
  void shouldCountSurrogatePairAsOneColumnWhenLineHoldsEmoji() {
    String expression = "\uD83D\uDE00 ?";

    ExpressionException e = ExpressionException.at(expression, 3, "unexpected '?'");

    assertThat(e.column()).isEqualTo(3);
    assertThat(e.getMessage()).endsWith("\n  ^");
  }

  @Test
  void shouldPointAtThePairWhenPositionFallsInsideSurrogatePair() {
    ExpressionException e = ExpressionException.at("a\uD83D\uDE00", 2, "unexpected emoji");

    assertThat(e.column()).isEqualTo(2);
    assertThat(e.getMessage()).endsWith("\n ^");
  }

  @Test
  void shouldRejectPositionWhenNegative() {
    assertThatThrownBy(() -> ExpressionException.at("age > 1", -1, "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("position cannot be negative: -1");
  }

  @Test
  void shouldRejectPositionWhenBeyondTheEndOfTheExpression() {
    assertThatThrownBy(() -> ExpressionException.at("age > 1", 8, "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("position cannot be beyond the end of the expression (length 7): 8");
  }

  @Test
  void shouldRejectReasonWhenBlank() {
    assertThatThrownBy(() -> ExpressionException.at("age > 1", 0, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason cannot be blank: ' '");
  }

  @Test
  void shouldNameTheArgumentWhenExpressionOrReasonIsNull() {
    assertThatThrownBy(() -> ExpressionException.at(nullString(), 0, "bad"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expression");
    assertThatThrownBy(() -> ExpressionException.at("x", 0, nullString()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }

  /** Hides the null from the compiler's and NullAway's view: the test is about a caller that lies. */
  @SuppressWarnings("NullAway")
  private static String nullString() {
    return null;
  }
}
