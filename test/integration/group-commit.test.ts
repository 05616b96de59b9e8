import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  gated,
  groupCommitIdle,
  insertGrouped,
  replaceGrouped,
  setGroupCommitWriters,
} from '../../server/db/group-commit.ts';

/** Group commit against the run's real database: every caller gets its own, true result. */
describe('group commit', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = new MongoClient(inject('mongodbUri'), { retryWrites: false });
    await client.connect();
    db = client.db(`t_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('inserts concurrent documents in few commands and reports each duplicate to its caller', async () => {
    const collection = db.collection('inserts');
    await collection.insertOne({ _id: 'taken' as never, n: -1 });
    let commands = 0;
    const counting = {
      insertMany: (...args: Parameters<typeof collection.insertMany>) => {
        commands += 1;
        return collection.insertMany(...args);
      },
      bulkWrite: collection.bulkWrite.bind(collection),
    };
    const ids = Array.from({ length: 60 }, (_, i) => (i % 20 === 7 ? 'taken' : `doc-${i}`));
    const outcomes = await Promise.all(
      ids.map((id, n) => insertGrouped(counting, { _id: id as never, n })),
    );
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(3);
    ids.forEach((id, i) => {
      expect(outcomes[i]).toBe(id === 'taken' ? 'duplicate' : 'inserted');
    });
    expect(commands).toBeLessThanOrEqual(2);
    expect(await collection.countDocuments({})).toBe(58);
    // The existing document was left alone.
    expect((await collection.findOne({ _id: 'taken' as never }))?.n).toBe(-1);
  });

  it('rejects every caller of a batch the database refused as a whole', async () => {
    const refusing = {
      insertMany: async () => {
        throw new Error('connection reset');
      },
      bulkWrite: async () => {
        throw new Error('connection reset');
      },
    } as never;
    const results = await Promise.allSettled([
      insertGrouped(refusing, { _id: 'a' as never }),
      insertGrouped(refusing, { _id: 'b' as never }),
      replaceGrouped(refusing, 'c', { v: 1 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('writes the highest-ranked of several replaces of one document that meet in a batch', async () => {
    const collection = db.collection('heads');
    const writes = [3, 5, 4, 1].map((version) =>
      replaceGrouped(collection, 'head-1', { version }, version),
    );
    const other = replaceGrouped(collection, 'head-2', { version: 9 }, 9);
    await Promise.all([...writes, other]);
    expect(await collection.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'head-1', version: 5 },
      { _id: 'head-2', version: 9 },
    ]);
  });

  it('keeps one write in flight at a time when told to, and still finishes them all', async () => {
    let inFlight = 0;
    let most = 0;
    const watch = (name: string) => {
      const collection = db.collection(name);
      return {
        insertMany: async (...args: Parameters<typeof collection.insertMany>) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          try {
            return await collection.insertMany(...args);
          } finally {
            inFlight -= 1;
          }
        },
        bulkWrite: collection.bulkWrite.bind(collection),
      };
    };
    const first = watch('gated-1');
    const second = watch('gated-2');
    setGroupCommitWriters(1);
    try {
      const writes: Array<Promise<unknown>> = [];
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 10; i++) {
          writes.push(insertGrouped(first, { _id: `a-${round}-${i}` as never }));
        }
        writes.push(insertGrouped(second, { _id: `b-${round}` as never }));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(writes);
    } finally {
      setGroupCommitWriters(Number.POSITIVE_INFINITY);
    }
    expect(most).toBe(1);
    expect(await db.collection('gated-1').countDocuments({})).toBe(50);
    expect(await db.collection('gated-2').countDocuments({})).toBe(5);
  });

  it('replaces hundreds of documents at once without the database running out of connections', async () => {
    // FerretDB holds a connection per statement of an update command until the command ends.
    const collection = db.collection('many-heads');
    const ids = Array.from({ length: 300 }, (_, i) => `head-${i}`);
    await collection.insertMany(ids.map((id) => ({ _id: id as never, version: 1 })));
    await Promise.all(ids.map((id) => replaceGrouped(collection, id, { version: 2 }, 2)));
    expect(await collection.countDocuments({ version: 2 })).toBe(300);
  }, 30_000);

  it('lets writes a request waits for go before background writes', async () => {
    setGroupCommitWriters(1);
    try {
      const order: string[] = [];
      let release = () => {};
      const holding = gated(() => new Promise<void>((resolve) => (release = resolve)));
      const background = gated(async () => order.push('background'), 'background');
      const request = gated(async () => order.push('request'));
      expect(groupCommitIdle()).toBe(false);
      release();
      await Promise.all([holding, background, request]);
      expect(order).toEqual(['request', 'background']);
      expect(groupCommitIdle()).toBe(true);
    } finally {
      setGroupCommitWriters(Number.POSITIVE_INFINITY);
    }
  });
});
