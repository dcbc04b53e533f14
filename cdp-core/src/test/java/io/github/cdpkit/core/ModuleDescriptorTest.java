package io.github.cdpkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdpkit.identity.IdentityResolver;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import org.junit.jupiter.api.Test;

/** Guards the public surface: a package joins the API only by a deliberate edit here. */
class ModuleDescriptorTest {

  private static ModuleDescriptor descriptor() {
    Module module = IdentityResolver.class.getModule();
    // Surefire runs the tests on the module path because main has a module-info; on the class path
    // there is no descriptor to check, and that must fail loudly rather than pass vacuously.
    assertThat(module.isNamed()).as("tests must run on the module path").isTrue();
    return module.getDescriptor();
  }

  @Test
  void shouldBeNamedCoreModuleWhenLoaded() {
    assertThat(descriptor().name()).isEqualTo("io.github.cdpkit.core");
  }

  @Test
  void shouldExportExactlyTheApiPackagesWhenLoaded() {
    assertThat(descriptor().exports())
        .allSatisfy(exports -> assertThat(exports.isQualified()).as(exports.source()).isFalse())
        .extracting(Exports::source)
        .containsExactlyInAnyOrder(
            "io.github.cdpkit.identity",
            "io.github.cdpkit.identity.config",
            "io.github.cdpkit.identity.event",
            "io.github.cdpkit.identity.spi",
            "io.github.cdpkit.profile",
            "io.github.cdpkit.profile.spi",
            "io.github.cdpkit.loyalty",
            "io.github.cdpkit.loyalty.config",
            "io.github.cdpkit.loyalty.event",
            "io.github.cdpkit.loyalty.spi");
  }

  @Test
  void shouldKeepEveryInternalPackageHiddenWhenLoaded() {
    assertThat(descriptor().packages())
        .as("the engines exist in the module")
        .contains("io.github.cdpkit.identity.internal", "io.github.cdpkit.profile.internal",
            "io.github.cdpkit.loyalty.internal", "io.github.cdpkit.core.internal");
    assertThat(descriptor().exports())
        .extracting(Exports::source)
        .noneMatch(pkg -> pkg.contains(".internal"));
    assertThat(descriptor().opens()).isEmpty();
    assertThat(descriptor().isOpen()).isFalse();
  }
}
