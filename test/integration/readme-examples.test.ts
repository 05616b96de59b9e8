import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Every shell example in README.md and docs/*.md runs, as written, against a server this file
 * starts (embedded database, demo directory and demo accounts, as `npm start` loads them). A
 * request fails the example on a non-2xx status or a GraphQL `errors` entry. `localhost:4000`
 * (or `127.0.0.1:4000`) becomes the test server's address.
 */

/**
 * Commands that cannot run inside a test, each with its reason. Anything not listed here runs,
 * so a new example is tested by default. A pattern is tested against the whole command.
 */
const notRunnable: ReadonlyArray<{ command: RegExp; reason: string }> = [
  // Installing is what CI does before the tests; starting would serve on :4000 until stopped.
  { command: /^npm install && npm start\b/, reason: 'installs, then serves until stopped' },
  // The suite itself: running it from a test would recurse.
  { command: /^npm test\b/, reason: 'runs the whole test suite' },
  // The database alone serves until stopped; test/integration/instances.test.ts runs it, and
  // servers started on its (example) address serve until stopped too.
  { command: /^(DATA_DIR=\S+ )?npm run db\b/, reason: 'serves until stopped' },
  { command: /^MONGODB_URI=\S+ .*npm start\b/, reason: 'serves until stopped' },
  // Points at placeholder hosts (db.example.org, search.example.org) that exist only in the text.
  { command: /:\/\/[^\s'"/]*\bexample\.(org|com|net)\b/, reason: 'placeholder hosts' },
  // `path/to/hsds` is a placeholder; test/integration/import.test.ts and cli.test.ts cover it.
  { command: /^npm run import -- path\/to\/hsds\b/, reason: 'placeholder path' },
  // CLIs that open the database themselves; test/integration/cli.test.ts runs them.
  { command: /^npm run (reindex|seed)\s*(#|$)/, reason: 'opens the database itself' },
];

type Example = { file: string; line: number; commands: string[] };

const root = path.resolve(import.meta.dirname, '../..');

function documents(): string[] {
  const docs = path.join(root, 'docs');
  const inDocs = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => path.join('docs', name))
    : [];
  return ['README.md', ...inDocs];
}

/** The ```sh and ```bash blocks of a Markdown file, each split into whole commands. */
function examplesIn(file: string): Example[] {
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(sh|bash)\s*$/.test(lines[i] ?? '')) continue;
    const start = i + 1;
    const body: string[] = [];
    for (i = start; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) {
      body.push(lines[i] ?? '');
    }
    examples.push({ file, line: start, commands: splitCommands(body) });
  }
  return examples;
}

/**
 * Joins `\` continuations, quotes that span lines and here-documents to their command; drops
 * blank and comment lines.
 */
function splitCommands(lines: readonly string[]): string[] {
  const commands: string[] = [];
  let current: string[] = [];
  let heredocEnd: string | null = null;
  let quote: string | null = null;
  for (const line of lines) {
    if (current.length === 0 && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    current.push(line);
    if (heredocEnd !== null) {
      if (line.trim() === heredocEnd) heredocEnd = null;
    } else {
      quote = openQuoteAfter(line, quote);
      heredocEnd = /<<-?\s*['"]?(\w+)['"]?/.exec(line)?.[1] ?? null;
    }
    if (heredocEnd === null && quote === null && !line.endsWith('\\')) {
      commands.push(current.join('\n'));
      current = [];
    }
  }
  if (current.length > 0) commands.push(current.join('\n'));
  return commands;
}

/** The quote still open at the end of `line` (comments aside), given the one open at its start. */
function openQuoteAfter(line: string, open: string | null): string | null {
  let quote = open;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === null && c === '#' && /\s/.test(line[i - 1] ?? ' ')) break;
    if (c === '\\' && quote !== "'") i += 1;
    else if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
  }
  return quote;
}

/** Why a command cannot run in a test, or null when it can. */
function whyNotRunnable(command: string): string | null {
  return notRunnable.find((entry) => entry.command.test(command))?.reason ?? null;
}

function isRunnable(command: string): boolean {
  return whyNotRunnable(command) === null;
}

// curl records each response's status and body, so the test can judge every request a command
// makes (inside `$(…)` too); the example's own output still reaches its pipes.
const curlShim = `
curl() {
  local body
  body=$(mktemp -p "$EXAMPLE_CALLS")
  local status
  status=$(command curl "$@" --silent --show-error --output "$body" --write-out '%{http_code}') || return
  printf '%s\\n' "$status" > "$body.status"
  cat "$body"
}
`;

type Call = { status: number; body: string };

async function runExample(script: string, address: string): Promise<Call[]> {
  const calls = await mkdtemp(path.join(tmpdir(), 'wayfinder-example-'));
  try {
    const rewritten = script.replace(/\b(localhost|127\.0\.0\.1):4000\b/g, address);
    await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', `${curlShim}\n${rewritten}`], {
      cwd: root,
      env: { ...process.env, EXAMPLE_CALLS: calls },
      timeout: 30_000,
    });
    const bodies = readdirSync(calls).filter((name) => !name.endsWith('.status'));
    return Promise.all(
      bodies.map(async (name) => ({
        status: Number(await readFile(path.join(calls, `${name}.status`), 'utf8')),
        body: await readFile(path.join(calls, name), 'utf8'),
      })),
    );
  } finally {
    await rm(calls, { recursive: true, force: true });
  }
}

function graphqlErrors(body: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && 'errors' in parsed) {
      return Array.isArray(parsed.errors) ? parsed.errors : [parsed.errors];
    }
  } catch {
    // Not JSON (a PDF, a page): only the status counts.
  }
  return [];
}

const examples = documents().flatMap(examplesIn);

describe('shell examples in the docs', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('are found, including the README search', () => {
    const all = examples.flatMap((e) => e.commands);
    expect(all.some((c) => c.startsWith('curl') && c.includes('searchServices'))).toBe(true);
    expect(all.filter(isRunnable).length).toBeGreaterThan(0);
  });

  it.each(
    examples
      .map((e) => ({ ...e, runnable: e.commands.filter(isRunnable) }))
      .filter((e) => e.runnable.length > 0)
      .map((e) => ({ where: `${e.file}:${e.line}`, script: e.runnable.join('\n') })),
  )('$where runs as written', async ({ script }) => {
    const calls = await runExample(script, new URL(server.url).host);
    for (const call of calls) {
      expect.soft(call.status, call.body).toBeGreaterThanOrEqual(200);
      expect.soft(call.status, call.body).toBeLessThan(300);
      expect.soft(graphqlErrors(call.body)).toEqual([]);
    }
    // A command that fails exits non-zero and rejects above; one that calls curl left a record.
    expect(calls.length > 0).toBe(script.includes('curl'));
  });

  // Listed as skipped, with the reason, so the report shows what is not run.
  for (const example of examples) {
    for (const command of example.commands.filter((c) => !isRunnable(c))) {
      const title = command
        .split('\n')[0]
        ?.replace(/\s+#.*$/, '')
        .slice(0, 60);
      it.skip(`${example.file}:${example.line} ${title} (${whyNotRunnable(command)})`, () => {});
    }
  }
});
