import { SingleBar } from 'cli-progress';
import { type Config, loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { createLogger, type Logger } from '../logger.ts';

/** A failure the user can act on: its message is printed as is, and the process exits 1. */
export class CliError extends Error {}

export type CliContext = { config: Config; logger: Logger; db: Database };

/**
 * Loads the config and opens the database (joining a running server's embedded database via
 * DATA_DIR/ferretdb.json, else starting one), runs `main`, closes, and exits with its code.
 * Anything thrown exits 1: a CliError with its own message, anything else with its stack.
 */
export async function runCli(main: (ctx: CliContext) => Promise<number>): Promise<never> {
  const config = loadConfig();
  // Routine info lines (the database started, a worker ran) would bury the summary on stdout.
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  let db: Database | null = null;
  const close = async () => {
    const open = db;
    db = null;
    await open?.close();
  };
  const interrupt = () => {
    process.stderr.write('\nInterrupted.\n');
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let code = 1;
  try {
    db = await openDatabase(config, logger);
    code = await main({ config, logger, db });
  } catch (error) {
    if (error instanceof CliError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    code = 1;
  } finally {
    await close().catch((error: unknown) => {
      console.error('Could not close the database cleanly:', error);
    });
  }
  process.exit(code);
}

export type Progress = {
  /** Reports `done` of `total`; the first call shows the bar. */
  update(done: number, total: number): void;
  stop(): void;
};

/** Progress for logs (no terminal): a line on stderr at most every few seconds, and at the end. */
function progressLines(label: string): Progress {
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < PROGRESS_LINE_MS) return;
      last = now;
      process.stderr.write(`${label} ${done}/${total}\n`);
    },
    stop() {},
  };
}

const PROGRESS_LINE_MS = 2000;

/**
 * A progress bar with records/s and ETA on stderr when it is a terminal; otherwise a line now
 * and then, so a long run in a log still shows it moves.
 */
export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY) return progressLines(label);
  const bar = new SingleBar({
    format: `${label.padEnd(9)} [{bar}] {percentage}% | {value}/{total} | {rate} records/s | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 50,
    fps: 10,
  });
  let started = 0;
  let visible = false;
  const rate = (done: number) => {
    const seconds = (Date.now() - started) / 1000;
    return seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '–';
  };
  return {
    update(done, total) {
      if (!visible) {
        started = Date.now();
        bar.start(total, done, { rate: '–' });
        visible = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { rate: rate(done) });
    },
    stop() {
      if (visible) bar.stop();
      visible = false;
    },
  };
}

/** Seconds with one decimal, for summaries. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A fixed-width table of rows of cells; the first column left-aligned, the others right. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>, indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}
