package io.github.cdpkit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.expr.ExpressionException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import org.junit.jupiter.api.Test;

/** Guards the public surface: a package joins the API only by a deliberate edit here. */
class ModuleDescriptorTest {

  private static ModuleDescriptor descriptor() {
    Module module = ExpressionException.class.getModule();
    // Surefire runs the tests on the module path because main has a module-info; on the class path
    // there is no descriptor to check, and that must fail loudly rather than pass vacuously.
    assertThat(module.isNamed()).as("tests must run on the module path").isTrue();
    return module.getDescriptor();
  }

  @Test
  void shouldBeNamedRulesModuleWhenLoaded() {
    assertThat(descriptor().name()).isEqualTo("io.github.cdpkit.rules");
  }

  @Test
  void shouldExportExactlyTheApiPackagesWhenLoaded() {
    assertThat(descriptor().exports())
        .allSatisfy(exports -> assertThat(exports.isQualified()).as(exports.source()).isFalse())
        .extracting(Exports::source)
        .containsExactlyInAnyOrder("io.github.cdpkit.expr");
  }

  @Test
  void shouldOpenNothingWhenLoaded() {
    assertThat(descriptor().opens()).isEmpty();
    assertThat(descriptor().isOpen()).isFalse();
  }

  @Test
  void shouldRequireCoreTransitivelyAndJSpecifyStaticallyWhenLoaded() {
    assertThat(descriptor().requires())
        .filteredOn(requires -> requires.name().equals("io.github.cdpkit.core"))
        .singleElement()
        .extracting(Requires::modifiers)
        .satisfies(modifiers -> assertThat(modifiers).containsExactly(Requires.Modifier.TRANSITIVE));
    assertThat(descriptor().requires())
        .filteredOn(requires -> requires.name().equals("org.jspecify"))
        .singleElement()
        .extracting(Requires::modifiers)
        .satisfies(modifiers -> assertThat(modifiers).containsExactly(Requires.Modifier.STATIC));
  }
}
