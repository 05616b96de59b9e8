import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { exportDirectory } from '../hsds/export.ts';
import { createLogger } from '../logger.ts';

/**
 * `npm run export -- <dir>`: writes the whole directory as HSDS 3 JSON (services.json, lists/)
 * and an HSDS 3 tabular data package (tabular/). See server/hsds/export.ts for the layout.
 */
const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run export -- <directory>');
  process.exit(2);
}
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
const db = await openDatabase(config, logger);
let code = 0;
try {
  const dir = path.resolve(target);
  const summary = await exportDirectory(db, dir);
  console.log(
    `Exported ${summary.services} services, ${summary.organizations} organizations, ${summary.locations} locations and ${summary.taxonomyTerms} taxonomy terms to ${dir}`,
  );
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
