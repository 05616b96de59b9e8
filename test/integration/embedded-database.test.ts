import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { crashReport } from '../../server/db/embedded-ferretdb.ts';
import { startTestServer } from '../support/test-server.ts';

const pid = inject('databasePid');
const canInspect = pid !== null && existsSync(`/proc/${pid}/fd`);

/** The files the run's database process holds open, as `/proc` names them. */
function openFiles(): string[] {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).flatMap((fd) => {
    try {
      return [readlinkSync(path.join(dir, fd))];
    } catch {
      return []; // closed while we looked
    }
  });
}

/** Open files (and deleted ones still open) of one SQLite database: its file, -wal and -shm. */
function filesOf(name: string): string[] {
  return openFiles().filter((file) => path.basename(file).startsWith(`${name}.sqlite`));
}

async function eventually(check: () => void, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const newName = () => `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
/** Longer than two sweeps of the launcher's index maintenance (every 500 ms). */
const sweeps = () => new Promise((r) => setTimeout(r, 1200));

describe.skipIf(!canInspect)('the embedded database releases what it opened', () => {
  let client: MongoClient;

  beforeAll(async () => {
    client = new MongoClient(inject('mongodbUri'), { retryWrites: false });
    await client.connect();
  });

  afterAll(async () => {
    await client.close();
  });

  it('drops a database completely, so one created again with its name starts empty', async () => {
    const name = newName();
    const db = client.db(name);
    await db
      .collection('old')
      .insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i as never })));
    await sweeps();
    const dir = path.dirname(filesOf(name)[0] ?? '');
    expect(path.isAbsolute(dir)).toBe(true);

    await db.dropDatabase();
    // Nothing of the dropped database survives: no -wal or -shm a new one would take over.
    await eventually(() => {
      expect(readdirSync(dir).filter((f) => f.startsWith(`${name}.`))).toEqual([]);
      expect(filesOf(name)).toEqual([]);
    });

    await db.collection('fresh').insertOne({ _id: 'one' as never });
    await sweeps();
    expect(await db.collection('old').countDocuments()).toBe(0);
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['fresh']);
    expect(filesOf(name).filter((file) => file.endsWith('(deleted)'))).toEqual([]);
    await db.dropDatabase();
  });

  it('holds no file of a test server’s database once the server has closed', async () => {
    const servers = await Promise.all([startTestServer(), startTestServer()]);
    const names = servers.map((server) => server.dbName);
    for (const server of servers) {
      await server.runtime.deps.db.connection.collection('probe').insertOne({ at: new Date() });
    }
    await sweeps();
    const dir = path.dirname(filesOf(names[0] ?? '')[0] ?? '');
    expect(path.isAbsolute(dir)).toBe(true);

    await Promise.all(servers.map((server) => server.close()));
    await eventually(() => {
      for (const name of names) {
        expect(filesOf(name)).toEqual([]);
        expect(readdirSync(dir).filter((f) => f.startsWith(`${name}.`))).toEqual([]);
      }
    });
  });
});

describe('a crash report', () => {
  it('shows the crash line and the goroutine trace after it, not the log before it', () => {
    const noise = Array.from({ length: 500 }, (_, i) => `{"level":"WARN","msg":"line ${i}"}`);
    const trace = Array.from({ length: 200 }, (_, i) => `\tframe ${i}`);
    const output = [...noise, 'fatal error: concurrent map writes', '', ...trace].join('\n');
    const report = crashReport(output);
    expect(report.split('\n')[0]).toBe('fatal error: concurrent map writes');
    expect(report).toContain('\tframe 0');
    expect(report).toContain('\tframe 78');
    expect(report).not.toContain('frame 100');
    expect(report).not.toContain('"line 499"');
  });

  it('falls back to the end of the output when no crash line is in it', () => {
    expect(crashReport(`${'x'.repeat(5000)}\nkilled`)).toMatch(/x{100}\nkilled$/);
    expect(crashReport('')).toBe('');
  });
});
