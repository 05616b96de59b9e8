import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateServices } from '../../seeds/generate.ts';
import type { DomainDeps } from '../../server/domain/deps.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { defaultHttpSettings } from '../../server/http/settings.ts';
import { ImportContext } from '../../server/importers/context.ts';
import { finalize } from '../../server/importers/finalize.ts';
import { Hsds3JsonReader } from '../../server/importers/hsds-json.ts';

/**
 * HSDS API benchmark: N generated services in a fresh embedded database, then
 * `GET /hsds/services?page=…` latency (p50/p95 over random pages) and a full
 * `format=ndjson` stream (seconds, lines, peak RSS while streaming). Prints one JSON line.
 *
 *   npx tsx test/bench/hsds.ts --n 100000
 */
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    requests: { type: 'string', default: '300' },
    'per-page': { type: 'string', default: '50' },
  },
});
const n = Number(values.n);
const requests = Number(values.requests);
const perPage = Number(values['per-page']);
const CHUNK = 5000;

/**
 * Loads `n` generated services through the HSDS JSON reader and storeBundle (insertMany), a chunk
 * at a time so memory stays bounded.
 */
export async function seedsGenerate(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  n: number,
  seed: number,
  onProgress?: (done: number) => void,
): Promise<void> {
  const ctx = new ImportContext('bench');
  let chunk: Record<string, unknown>[] = [];
  let done = 0;
  const flush = async () => {
    const reader = new Hsds3JsonReader(ctx);
    for (const s of chunk) reader.read(s, 'bench.json', null);
    const { bundle } = finalize(ctx, reader.drafts);
    await storeBundle(deps, bundle);
    done += chunk.length;
    chunk = [];
    onProgress?.(done);
  };
  const { allMetros } = await import('../../seeds/generate.ts');
  for (const service of generateServices({
    services: n,
    seed,
    metro: n > 10_000 ? allMetros : 'denver',
  })) {
    chunk.push(service as unknown as Record<string, unknown>);
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
}

const log = (message: string) => console.error(`[hsds-bench] ${message}`);

const dataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-hsds-bench-'));
const { parseConfig } = await import('../../server/config.ts');
const { createLogger } = await import('../../server/logger.ts');
const { startRuntime } = await import('../../server/runtime.ts');
const { buildApp } = await import('../../server/app.ts');
const config = parseConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const logger = createLogger(config.LOG_LEVEL);
const runtime = await startRuntime(config, logger, { dbName: 'hsds_bench', seed: false });
try {
  const loadStarted = Date.now();
  await seedsGenerate(runtime.deps, n, Number(values.seed), (done) => log(`loaded ${done}/${n}`));
  log(`loaded ${n} services in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);
  await runtime.worker.stop();

  // Simulated clients are told apart by X-Forwarded-For, set by this loopback "proxy".
  const app = buildApp(runtime.deps, {
    isProduction: false,
    isDevelopment: false,
    http: { ...defaultHttpSettings, trustProxy: 'loopback' },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/hsds`;
  let client = 0;
  const get = (p: string) => {
    client += 1;
    return fetch(`${base}${p}`, {
      headers: {
        'x-forwarded-for': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`,
      },
    });
  };

  const warm = Date.now();
  const first = (await (await get(`/services?per_page=${perPage}`)).json()) as {
    total_pages: number;
    total_items: number;
  };
  log(
    `catalog ready in ${((Date.now() - warm) / 1000).toFixed(1)} s; ${first.total_items} services`,
  );
  const times: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const page = 1 + Math.floor(Math.random() * first.total_pages);
    const t0 = performance.now();
    const response = await get(`/services?page=${page}&per_page=${perPage}`);
    const body = (await response.json()) as { size: number };
    times.push(performance.now() - t0);
    if (response.status !== 200 || body.size === 0)
      throw new Error(`page ${page}: ${response.status}`);
  }
  times.sort((a, b) => a - b);
  const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  const response = await get('/services?format=ndjson');
  let lines = 0;
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    const text = decoder.decode(chunk.value, { stream: true });
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  }
  const ndjsonS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (lines !== first.total_items)
    throw new Error(`ndjson gave ${lines} lines, not ${first.total_items}`);

  server.closeAllConnections();
  server.close();
  console.log(
    JSON.stringify({
      services: n,
      perPage,
      requests,
      hsdsPageP50Ms: Math.round(pct(0.5) * 10) / 10,
      hsdsPageP95Ms: Math.round(pct(0.95) * 10) / 10,
      ndjsonS: Math.round(ndjsonS * 10) / 10,
      ndjsonLines: lines,
      rssBeforeNdjsonMiB: Math.round(rssBefore / 2 ** 20),
      ndjsonPeakRssMiB: Math.round(peakRss / 2 ** 20),
    }),
  );
} finally {
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
}
