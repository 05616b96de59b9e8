import mongoose, { type Connection } from 'mongoose';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startEmbeddedDatabase } from './embedded-ferretdb.ts';
import { setGroupCommitWriters } from './group-commit.ts';
import { accountModels } from './models/accounts.model.ts';
import { appointmentModels } from './models/appointments.model.ts';
import { auditModels } from './models/audit.model.ts';
import { careModels } from './models/care.model.ts';
import { clientModels } from './models/clients.model.ts';
import { coordinationModels } from './models/coordination.model.ts';
import { directoryModels } from './models/directory.model.ts';
import { linkModels } from './models/links.model.ts';
import { listingModels } from './models/listings.model.ts';
import { listModels } from './models/lists.model.ts';
import { notificationModels } from './models/notifications.model.ts';
import { outboxModel } from './models/outbox.model.ts';
import { rateLimitModels } from './models/rate-limits.model.ts';
import { referralModels } from './models/referrals.model.ts';
import { reportModels } from './models/reports.model.ts';
import { screeningModels } from './models/screening.model.ts';

/** Connections to the embedded database (see openDatabase). */
const EMBEDDED_POOL_SIZE = 12;

export type Models = ReturnType<typeof directoryModels> &
  ReturnType<typeof accountModels> &
  ReturnType<typeof clientModels> &
  ReturnType<typeof auditModels> &
  ReturnType<typeof referralModels> &
  ReturnType<typeof notificationModels> &
  ReturnType<typeof reportModels> &
  ReturnType<typeof listingModels> &
  ReturnType<typeof listModels> &
  ReturnType<typeof rateLimitModels> &
  ReturnType<typeof coordinationModels> &
  ReturnType<typeof linkModels> &
  ReturnType<typeof screeningModels> &
  ReturnType<typeof appointmentModels> &
  ReturnType<typeof careModels> & { Outbox: ReturnType<typeof outboxModel> };

export type Database = {
  connection: Connection;
  models: Models;
  /** Where it is, for logs: `embedded` or the host of MONGODB_URI (never credentials). */
  where: string;
  /**
   * True when another process may be using the same database: the embedded instance a running
   * server started (which we joined), or any MONGODB_URI server. False: we started it, it is ours.
   */
  shared: boolean;
  close(): Promise<void>;
};

/** True when the server at `uri` is FerretDB (its buildInfo names its own version). */
async function isFerretDb(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const info = await client.db('admin').command({ buildInfo: 1 });
    return 'ferretdbVersion' in info;
  } finally {
    await client.close();
  }
}

/** Registers every model on a connection. */
export function registerModels(connection: Connection): Models {
  return {
    ...directoryModels(connection),
    ...accountModels(connection),
    ...clientModels(connection),
    ...auditModels(connection),
    ...referralModels(connection),
    ...notificationModels(connection),
    ...reportModels(connection),
    ...listingModels(connection),
    ...listModels(connection),
    ...rateLimitModels(connection),
    ...coordinationModels(connection),
    ...linkModels(connection),
    ...screeningModels(connection),
    ...appointmentModels(connection),
    ...careModels(connection),
    Outbox: outboxModel(connection),
  };
}

/**
 * Connects to MONGODB_URI, or starts (or joins) the embedded FerretDB under DATA_DIR.
 * `dbName` overrides MONGODB_DB (tests use one database per file).
 */
export async function openDatabase(
  config: Pick<Config, 'MONGODB_URI' | 'MONGODB_DB' | 'dataDir' | 'FERRETDB_BIN'>,
  logger: Logger,
  dbName = config.MONGODB_DB,
): Promise<Database> {
  const embedded = config.MONGODB_URI
    ? null
    : await startEmbeddedDatabase({ dataDir: config.dataDir, binary: config.FERRETDB_BIN, logger });
  const uri = config.MONGODB_URI ?? embedded?.uri ?? '';
  // A MONGODB_URI may name a FerretDB too (`npm run db`, shared by several servers): it gets the
  // same treatment as the one we start.
  const ferret = embedded !== null || (await isFerretDb(uri));
  if (ferret) setGroupCommitWriters(1);
  const connection = mongoose.createConnection(uri, {
    dbName,
    // FerretDB v1 has no transactions and no retryable writes; MongoDB does not need them here
    // because every state change is one single-document write.
    retryWrites: false,
    // FerretDB v1 over SQLite looks documents up by `_id` alone and scans for any other filter,
    // so a secondary index there is only cost: SQLite parses the whole JSON document once per
    // index on every write. MongoDB gets every index the models declare.
    autoIndex: !ferret,
    serverSelectionTimeoutMS: 10_000,
    // SQLite admits one writer at a time and its busy handler waits by sleeping, so grouped
    // writes take turns (see group-commit); reads run side by side under WAL. A modest pool
    // keeps reads from queueing behind a long write without piling up lock waits.
    ...(ferret ? { maxPoolSize: EMBEDDED_POOL_SIZE } : {}),
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const models = registerModels(connection);
  await Promise.all(Object.values(models).map((m) => m.init()));
  return {
    connection,
    models,
    where: embedded ? 'embedded' : new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).host,
    shared: embedded?.shared ?? true,
    close: async () => {
      await connection.close();
      await embedded?.stop();
    },
  };
}
