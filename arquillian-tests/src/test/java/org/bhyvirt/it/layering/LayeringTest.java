package org.bhyvirt.it.layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build's layering rules (DESIGN §2), checked on the product classes of every module as they
 * sit on this test's class path. Each rule is also shown to catch a violation, so none of them
 * can pass by matching nothing.
 */
class LayeringTest {

    static final ArchRule PRODUCT_NEVER_IMPORTS_EMULATOR = noClasses()
            .that().resideInAPackage("org.bhyvirt..")
            .and().resideOutsideOfPackage("org.bhyvirt.emulator..")
            .should().dependOnClassesThat().resideInAPackage("org.bhyvirt.emulator..")
            .because("the emulator stands in for bhyve's programs and is only ever run, never linked");

    static final ArchRule DRIVER_NEVER_IMPORTS_MIGRATION_ENGINE = noClasses()
            .that().resideInAPackage("org.bhyvirt.driver..")
            .should().dependOnClassesThat().resideInAPackage("org.bhyvirt.migration..")
            .because("the driver is the layer below the migration engine");

    static final ArchRule DRIVER_AND_ENGINE_NEVER_SEE_THE_PLUGIN = noClasses()
            .that().resideInAnyPackage("org.bhyvirt.driver..", "org.bhyvirt.migration..", "org.bhyvirt.events..")
            .should().dependOnClassesThat().resideInAPackage("org.bhyvirt.plugin..")
            .because("the plugin (CDI, REST, health, metrics) wires the driver and the engine; they never know it");

    static final ArchRule PLUGIN_USES_THE_DRIVER_AND_ENGINE_NOT_THE_EMULATOR = noClasses()
            .that().resideInAPackage("org.bhyvirt.plugin..")
            .should().dependOnClassesThat().resideInAPackage("org.bhyvirt.emulator..")
            .because("the plugin runs the emulator's programs only through the driver's host configuration");

    static final ArchRule PEER_API_NEVER_SEES_OUTGOING_MIGRATIONS = noClasses()
            .that().resideInAPackage("org.bhyvirt.plugin.peer..")
            .should().dependOnClassesThat().resideInAPackage("org.bhyvirt.plugin.migration..")
            .because("the peer API (a destination's half, host-to-host authentication) sits below the outgoing "
                    + "migrations that call it");

    static final ArchRule ENGINE_NEVER_IMPORTS_JAKARTA_OR_KAFKA = noClasses()
            .that().resideInAPackage("org.bhyvirt.migration..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "org.apache.kafka..", "io.cloudevents..")
            .because("the migration engine stays runnable without a container or a broker")
            .allowEmptyShould(true);

    static final ArchRule ONLY_EVENTS_IMPORTS_KAFKA = noClasses()
            .that().resideInAPackage("org.bhyvirt..")
            .and().resideOutsideOfPackage("org.bhyvirt.events..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.cloudevents..")
            .because("Kafka is an adapter of the events module only");

    static final ArchRule EMULATOR_USES_ONLY_THE_JDK = noClasses()
            .that().resideInAPackage("org.bhyvirt.emulator..")
            .should().dependOnClassesThat().resideInAnyPackage("org.bhyvirt.driver..", "org.bhyvirt.migration..",
                    "org.bhyvirt.events..", "jakarta..", "org.hibernate..")
            .because("the emulator behaves like bhyve's programs, independently of bhyvirt")
            .allowEmptyShould(true);

    private static JavaClasses product;

    @BeforeAll
    static void importProductClasses() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.bhyvirt");
    }

    @Test
    void productCodeNeverImportsTheEmulator() {
        PRODUCT_NEVER_IMPORTS_EMULATOR.check(product);
    }

    @Test
    void driverNeverImportsTheMigrationEngine() {
        DRIVER_NEVER_IMPORTS_MIGRATION_ENGINE.check(product);
    }

    @Test
    void migrationEngineNeverImportsJakartaOrKafka() {
        ENGINE_NEVER_IMPORTS_JAKARTA_OR_KAFKA.check(product);
    }

    @Test
    void driverAndEngineNeverSeeThePlugin() {
        DRIVER_AND_ENGINE_NEVER_SEE_THE_PLUGIN.check(product);
    }

    @Test
    void pluginUsesTheDriverAndEngineButNeverTheEmulator() {
        PLUGIN_USES_THE_DRIVER_AND_ENGINE_NOT_THE_EMULATOR.check(product);
    }

    @Test
    void peerApiNeverSeesTheOutgoingMigrations() {
        PEER_API_NEVER_SEES_OUTGOING_MIGRATIONS.check(product);
    }

    @Test
    void onlyTheEventsModuleImportsKafka() {
        ONLY_EVENTS_IMPORTS_KAFKA.check(product);
    }

    @Test
    void emulatorDependsOnTheJdkOnly() {
        EMULATOR_USES_ONLY_THE_JDK.check(product);
    }

    @Test
    void productClassesOfBothLayersAreOnTheClassPath() {
        assertTrue(product.containPackage("org.bhyvirt.driver.error"), "driver classes imported");
        assertTrue(product.containPackage("org.bhyvirt.emulator"), "emulator classes imported");
        assertTrue(product.containPackage("org.bhyvirt.plugin.rest"), "plugin classes imported");
        assertTrue(product.containPackage("org.bhyvirt.migration.engine"), "engine classes imported");
        assertTrue(product.containPackage("org.bhyvirt.plugin.peer"), "peer classes imported");
        assertTrue(product.containPackage("org.bhyvirt.plugin.migration"), "migration service classes imported");
    }

    @Test
    void productRuleCatchesAClassThatLinksTheEmulator() {
        JavaClasses offender = new ClassFileImporter().importClasses(
                org.bhyvirt.it.layering.fixture.ClassLinkingTheEmulator.class);
        assertTrue(PRODUCT_NEVER_IMPORTS_EMULATOR.evaluate(offender).hasViolation(),
                "a class outside the emulator that links it is reported");
    }

    @Test
    void pluginRuleCatchesADriverClassThatLinksThePlugin() {
        JavaClasses offender = new ClassFileImporter().importClasses(
                org.bhyvirt.driver.layeringfixture.DriverClassLinkingThePlugin.class);
        assertTrue(DRIVER_AND_ENGINE_NEVER_SEE_THE_PLUGIN.evaluate(offender).hasViolation(),
                "a driver class that links the plugin is reported");
    }

    @Test
    void peerRuleCatchesAPeerClassThatLinksTheOutgoingMigrations() {
        JavaClasses offender = new ClassFileImporter().importClasses(
                org.bhyvirt.plugin.peer.layeringfixture.PeerClassLinkingOutgoingMigrations.class);
        assertTrue(PEER_API_NEVER_SEES_OUTGOING_MIGRATIONS.evaluate(offender).hasViolation(),
                "a peer class that links the outgoing migrations is reported");
    }
}
