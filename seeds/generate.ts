import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createIdFactory } from './ids.ts';
import { type Ctx, makeOrganization } from './organizations.ts';
import type { MetroName } from './places.ts';
import { createRng } from './prng.ts';
import { makeService } from './services.ts';
import type { HsdsFullService } from './types.ts';

/** Options of the generator. */
export type GenerateOptions = {
  /** How many services to make (exactly). */
  services: number;
  seed: number;
  /** Metro areas to place organizations in, in turn; Denver when omitted. */
  metro?: MetroName | readonly MetroName[];
};

/** The options the committed demo dataset (`seeds/demo/services.json`) is generated with. */
export const demoDatasetOptions: GenerateOptions = {
  services: 2_000,
  seed: 20_261_101,
  metro: 'denver',
};

/** Every metro the generator knows, for datasets too large for one metro. */
export const allMetros: readonly MetroName[] = [
  'denver',
  'colorado-springs',
  'albuquerque',
  'salt-lake-city',
];

const orgCountWeights: readonly (readonly [number, number])[] = [
  [1, 7],
  [2, 22],
  [3, 26],
  [4, 22],
  [5, 14],
  [6, 9],
];

/** Yields services one organization at a time (lazily, for very large benchmark runs); deterministic per options. */
export function* generateServices(options: GenerateOptions): Generator<HsdsFullService> {
  const metros: readonly MetroName[] =
    typeof options.metro === 'string' ? [options.metro] : (options.metro ?? ['denver']);
  if (metros.length === 0) throw new RangeError('metro must name at least one metro area');
  const ctx: Ctx = {
    rng: createRng(options.seed),
    nextId: createIdFactory(options.seed),
    usedNames: new Set(),
    suffixes: new Map(),
  };
  let made = 0;
  let orgIndex = 0;
  while (made < options.services) {
    const metro = metros[orgIndex % metros.length] ?? 'denver';
    orgIndex += 1;
    const oc = makeOrganization(ctx, metro);
    const wanted = ctx.rng.weighted(orgCountWeights);
    const count = Math.min(wanted, oc.kind.services.length, options.services - made);
    const templates = ctx.rng.sample(oc.kind.services, count);
    const usedServiceNames = new Set<string>();
    for (const template of templates) {
      yield makeService(ctx, oc, template, usedServiceNames);
      made += 1;
    }
  }
}

/** Generates a deterministic directory of HSDS 3 full services (same options, same output). */
export function generateDirectory(options: GenerateOptions): { services: HsdsFullService[] } {
  return { services: Array.from(generateServices(options)) };
}

/** A large directory for benchmarks: past 10,000 services it spreads over several Mountain West metros. */
export function generateBenchmarkDirectory(
  services: number,
  seed = 1,
): { services: HsdsFullService[] } {
  return generateDirectory({ services, seed, metro: services > 10_000 ? allMetros : 'denver' });
}

/** The dataset as committed: a JSON array, 2-space indent, trailing newline. */
export function serializeServices(services: readonly HsdsFullService[]): string {
  return `${JSON.stringify(services, null, 2)}\n`;
}

/** Path of the committed demo dataset. */
export const demoDatasetPath = fileURLToPath(new URL('./demo/services.json', import.meta.url));

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(invokedPath).href) {
  const { services } = generateDirectory(demoDatasetOptions);
  writeFileSync(demoDatasetPath, serializeServices(services));
  console.log(`Wrote ${services.length} services to ${demoDatasetPath}`);
}
