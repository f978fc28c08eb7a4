package io.jinference.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's dependency rules, checked on the compiled classes (generated code included):
 * requests come in through {@code http}, which may use everything below it; below it, {@code
 * workflow} composes models, and {@code inference} runs them on {@code image}s from the {@code
 * model} store. Nothing below {@code http} knows about HTTP, and nothing below {@code workflow}
 * knows about workflows.
 */
class ArchitectureTest {
  private static final String ROOT = "io.jinference.server";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void nothingBelowHttpImportsHttp() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".http..")
        .and()
        .doNotHaveFullyQualifiedName(ROOT + ".Application")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".http..")
        .because("HTTP is the outer layer: the contract's types and the controllers stay in it")
        .check(classes);
  }

  @Test
  void imagesModelsAndInferenceNeverImportWorkflows() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".image..", ROOT + ".model..", ROOT + ".inference..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".workflow..")
        .check(classes);
  }

  @Test
  void onlyHttpStartsPipelines() {
    noClasses()
        .that()
        .resideInAnyPackage(
            ROOT + ".image..", ROOT + ".model..", ROOT + ".inference..", ROOT + ".workflow..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".pipeline..")
        .because("pipelines sit on the workflow engine, beside HTTP, not below it")
        .check(classes);
  }

  /**
   * Package by package: a package never reaches itself again through others. The one exception is
   * by design: the generated contract types ({@code http.model}) name the hand-written wire types
   * of the contract's awkward shapes ({@code http.wire}, codegen-traps), whose serializers write
   * generated types back.
   */
  @Test
  void packagesHaveNoCycles() {
    slices()
        .matching(ROOT + ".(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            resideInAPackage(ROOT + ".http.wire"), resideInAPackage(ROOT + ".http.model"))
        .check(classes);
  }

  @Test
  void taskTypesDependOnNoRuntime() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".inference.task..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".inference.runtime..",
            ROOT + ".inference.decode..",
            ROOT + ".model..",
            "ai.onnxruntime..",
            "org.bytedeco..")
        .because("the task types are what every caller of the pipeline sees; they carry no runtime")
        .check(classes);
  }

  @Test
  void onlyTheRuntimeTouchesOnnxRuntime() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".inference.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.onnxruntime..")
        .check(classes);
  }

  @Test
  void requestsAndResponsesAreNotReadByReflection() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.micronaut.core.beans.BeanWrapper")
        .because(
            "each task's request and response is mapped by name in code (TaskRequests, ResponseBuilder)")
        .check(classes);
  }
}
