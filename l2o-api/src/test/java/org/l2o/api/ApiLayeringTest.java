package org.l2o.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The api holds interfaces and value types: it may use Java, DJL's engine-free api and SLF4J only. */
class ApiLayeringTest {

    @Test
    void apiDependsOnNothingButJavaDjlApiAndSlf4j() {
        JavaClasses api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.l2o.api");
        classes().that().resideInAPackage("org.l2o.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "org.l2o.api..", "org.slf4j..", "ai.djl.ndarray..", "ai.djl.ndarray.types..")
                .check(api);
    }
}
