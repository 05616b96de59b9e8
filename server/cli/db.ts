import { loadConfig } from '../config.ts';
import { startEmbeddedDatabase } from '../db/embedded-ferretdb.ts';
import { createLogger } from '../logger.ts';

/**
 * `npm run db`: runs the embedded database (FerretDB over SQLite in DATA_DIR) on its own, for
 * several server processes to share through MONGODB_URI. It prints one line,
 * `MONGODB_URI=mongodb://…`, and stays in the foreground until SIGINT or SIGTERM. The directory
 * lock and DATA_DIR/ferretdb.json of the embedded database apply: when a process already serves
 * this DATA_DIR, this one says where and exits rather than open the files a second time.
 */
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);

const db = await startEmbeddedDatabase({
  dataDir: config.dataDir,
  binary: config.FERRETDB_BIN,
  logger,
});
if (db.shared) {
  console.error(
    `Another process already serves the database in ${config.dataDir}: MONGODB_URI=${db.uri}`,
  );
  process.exit(1);
}
console.log(`MONGODB_URI=${db.uri}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping the database');
  await db.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Keeps the event loop alive: the database runs in a child process this one waits on.
setInterval(() => {}, 1 << 30);
