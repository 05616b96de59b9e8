/**
 * Prints the gzipped size of the JavaScript the browser loads before the first render (the entry
 * chunk and the chunks it imports statically) and fails over the budget. The map, Leaflet and the
 * us-atlas outlines load on demand and are listed, not counted.
 *
 *   npm run check:bundle            (after `npm run build:web`)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 250 * 1024;

type ManifestChunk = {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};

export type BundleReport = {
  initialJs: Array<{ file: string; gzip: number }>;
  initialGzip: number;
  lazy: Array<{ file: string; gzip: number }>;
};

export async function measureBundle(distDir: string): Promise<BundleReport> {
  const manifest = JSON.parse(
    await readFile(path.join(distDir, '.vite/manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  const initial = new Set<string>();
  const visit = (key: string) => {
    if (initial.has(key)) return;
    initial.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry[0]);
  const gzipOf = async (file: string) => gzipSync(await readFile(path.join(distDir, file))).length;
  const initialJs = await Promise.all(
    [...initial].map(async (key) => {
      const file = (manifest[key] as ManifestChunk).file;
      return { file, gzip: await gzipOf(file) };
    }),
  );
  const lazy = await Promise.all(
    Object.entries(manifest)
      .filter(([key, chunk]) => !initial.has(key) && chunk.file.endsWith('.js'))
      .map(async ([, chunk]) => ({ file: chunk.file, gzip: await gzipOf(chunk.file) })),
  );
  return {
    initialJs,
    initialGzip: initialJs.reduce((sum, chunk) => sum + chunk.gzip, 0),
    lazy: lazy.sort((a, b) => b.gzip - a.gzip),
  };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  const distDir = path.resolve(import.meta.dirname, '../dist');
  const report = await measureBundle(distDir);
  for (const chunk of report.initialJs)
    console.log(`initial  ${kb(chunk.gzip).padStart(9)}  ${chunk.file}`);
  for (const chunk of report.lazy)
    console.log(`on demand ${kb(chunk.gzip).padStart(8)}  ${chunk.file}`);
  const verdict = report.initialGzip <= BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `initial JS: ${kb(report.initialGzip)} gzipped, ${verdict} the ${kb(BUDGET_BYTES)} budget`,
  );
  if (report.initialGzip > BUDGET_BYTES) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
