/**
 * Builds the web app when web/dist is missing or older than its sources (or was built with other
 * VITE_* settings). Runs before `npm start`, so `npm install && npm start` serves the app.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const webDir = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(webDir, '..');
const distIndex = path.join(webDir, 'dist/index.html');
const envStamp = path.join(webDir, 'dist/.build-env.json');

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  }
  return newest;
}

function viteEnv(): string {
  const entries = Object.entries(process.env)
    .filter(([key]) => key.startsWith('VITE_'))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(entries));
}

async function needsBuild(): Promise<string | null> {
  const built = await stat(distIndex).catch(() => null);
  if (!built) return 'web/dist is missing';
  const sources = Math.max(
    await newestMtime(path.join(webDir, 'src')),
    await newestMtime(path.join(webDir, 'index.html')),
    await newestMtime(path.join(webDir, 'vite.config.ts')),
    await newestMtime(path.join(repoRoot, 'package-lock.json')),
  );
  if (sources > built.mtimeMs) return 'web sources changed since the last build';
  const stamp = (await readFile(envStamp, 'utf8').catch(() => '')) || '{}';
  if (stamp !== viteEnv()) return 'VITE_* settings changed since the last build';
  return null;
}

const reason = await needsBuild();
if (reason) {
  console.log(`Building the web app (${reason})…`);
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
  const { writeFile } = await import('node:fs/promises');
  await writeFile(envStamp, viteEnv());
}
