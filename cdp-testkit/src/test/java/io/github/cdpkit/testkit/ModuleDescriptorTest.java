package io.github.cdpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.testkit.population.Population;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

  private static ModuleDescriptor descriptor() {
    ModuleDescriptor descriptor = Population.class.getModule().getDescriptor();
    assertThat(descriptor).as("tests must run on the module path").isNotNull();
    return descriptor;
  }

  @Test
  void shouldExportExactlyTheApiPackagesWhenLoadedAsModule() {
    ModuleDescriptor descriptor = descriptor();

    assertThat(descriptor.name()).isEqualTo("io.github.cdpkit.testkit");
    assertThat(descriptor.exports())
        .allSatisfy(export -> assertThat(export.isQualified()).isFalse())
        .extracting(Exports::source)
        .containsExactlyInAnyOrder(
            "io.github.cdpkit.testkit.population",
            "io.github.cdpkit.testkit.identity",
            "io.github.cdpkit.testkit.profile",
            "io.github.cdpkit.testkit.loyalty");
    assertThat(descriptor.opens()).isEmpty();
  }

  @Test
  void shouldRequireCoreJunitAndAssertjTransitivelyWhenLoadedAsModule() {
    assertThat(descriptor().requires())
        .filteredOn(requires -> requires.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .extracting(Requires::name)
        .containsExactlyInAnyOrder(
            "io.github.cdpkit.core", "org.junit.jupiter.api", "org.assertj.core");
  }
}
