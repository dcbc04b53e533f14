package io.github.cdpkit.loyalty.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.loyalty.LoyaltyProgram;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ProgramConfigRoundTripTest {

  @Test
  void shouldReadBackMultipliersExactlyWhenTheyHaveTrailingZeros() {
    LoyaltyProgram program = LoyaltyProgram.builder("p")
        .categoryMultiplier("eco", new BigDecimal("2.50"))
        .categoryMultiplier("ten", new BigDecimal("1E+1"))
        .build();
    String json = ProgramConfig.toJson(program);
    LoyaltyProgram back = ProgramConfig.parse(json);
    assertThat(ProgramConfig.toJson(back)).isEqualTo(json);
    assertThat(back.categoryMultipliers()).isEqualTo(program.categoryMultipliers());
  }
}
