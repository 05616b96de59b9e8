import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Validates every *.json resource in a folder with the HAPI FHIR validator (R4 base definitions
 * and terminology, plus the conformance resources of a second folder: profiles, value sets and
 * code systems), in one JVM. Prints one line per error or warning:
 * `<file>\t<severity>\t<location>\t<message>`, then `validated <n>`.
 * Usage: java -cp <classpath> Validate.java <resources-dir> <conformance-dir>
 */
public class Validate {
  public static void main(String[] args) throws Exception {
    FhirContext ctx = FhirContext.forR4();
    PrePopulatedValidationSupport loaded = new PrePopulatedValidationSupport(ctx);
    try (Stream<Path> files = Files.list(Path.of(args[1]))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        IBaseResource resource = ctx.newJsonParser().parseResource(Files.readString(file));
        if (resource instanceof StructureDefinition sd) loaded.addStructureDefinition(sd);
        else if (resource instanceof ValueSet vs) loaded.addValueSet(vs);
        else if (resource instanceof CodeSystem cs) loaded.addCodeSystem(cs);
      }
    }
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(ctx),
        loaded,
        new CommonCodeSystemsTerminologyService(ctx),
        new InMemoryTerminologyServerValidationSupport(ctx),
        new SnapshotGeneratingValidationSupport(ctx));
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    module.setAnyExtensionsAllowed(false);
    FhirValidator validator = ctx.newValidator().registerValidatorModule(module);
    int count = 0;
    try (Stream<Path> files = Files.list(Path.of(args[0]))) {
      List<Path> inputs = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      for (Path file : inputs) {
        ValidationResult result =
            validator.validateWithResult(Files.readString(file, StandardCharsets.UTF_8));
        for (SingleValidationMessage m : result.getMessages()) {
          if (m.getSeverity().ordinal() < ResultSeverityEnum.WARNING.ordinal()) continue;
          System.out.println(file.getFileName() + "\t" + m.getSeverity().getCode() + "\t"
              + m.getLocationString() + "\t" + m.getMessage().replace('\n', ' '));
        }
        count++;
      }
    }
    System.out.println("validated " + count);
  }
}
