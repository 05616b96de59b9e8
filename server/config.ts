import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env. Every variable is documented here; on a bad value the
 * process prints every issue and exits, rather than failing later in some far-away module.
 */
const schema = z.object({
  /** development | test | production. Production turns off GraphiQL and requires real secrets. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the API and web app. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Where the embedded database, the generated keys and other local state live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** A MongoDB connection string. Unset: the embedded FerretDB (over SQLite in DATA_DIR) is started. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Database name used on the server above. */
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('wayfinder'),
  /** Meilisearch URL (e.g. http://127.0.0.1:7700). Unset: the embedded in-process engine. */
  MEILI_URL: z.url('must be a URL such as http://127.0.0.1:7700').optional(),
  /** Meilisearch API key (master or an admin key). */
  MEILI_KEY: z.string().optional(),
  /** Prefix of Meilisearch index names, so several deployments can share one server. */
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .default('wayfinder'),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Days after which a listing that nobody confirmed counts as stale (ranked lower, never hidden). */
  STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /**
   * Hours a capacity an agency published (AVAILABLE, WAITLIST ...) stays current. After that it
   * reads as unknown again, so a forgotten "beds available" never misleads a coordinator.
   */
  CAPACITY_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(72),
  /** Load the demo dataset into an empty database on start. */
  SEED_ON_START: z.stringbool().default(true),
  /**
   * 32 random bytes, base64: the AES-256-GCM key for client identifiers at rest. Required in
   * production; in development and tests one is generated into DATA_DIR/keys.json on first start.
   */
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** 32 random bytes, base64: the HMAC key for looking clients up without plaintext. As above. */
  HMAC_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** How long a sign-in lasts without activity, in hours. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  /** Hours an agency has to accept or reject a sent referral before it is overdue. */
  REFERRAL_RESPONSE_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(72),
  /** smtp://user:pass@host:port for outgoing email; unset keeps email in the development outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /**
   * Seconds between runs of the referral reminder job, which reminds an agency of a sent referral
   * left unanswered past REFERRAL_RESPONSE_HOURS (and the coordinator half a period later).
   */
  REMINDER_INTERVAL_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  /**
   * Days a "still accurate?" link emailed to an agency keeps working. The link confirms a listing
   * without a password, so it is signed (with a key derived from HMAC_KEY) and expires.
   */
  LISTING_CONFIRMATION_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /**
   * Days between two "still accurate?" emails about the same stale listing (one listed service
   * not confirmed within STALE_AFTER_DAYS gets at most one request per this many days).
   */
  LISTING_CONFIRMATION_EVERY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Seconds between runs of the job that emails agencies about their stale listings. */
  LISTING_CONFIRMATION_INTERVAL_SECONDS: z.coerce.number().min(1).max(86_400).default(3600),
  /**
   * The address people reach the web app at (e.g. https://wayfinder.example.org), for the links
   * in emails. Unset: http://localhost:PORT. Required in production when email goes out by SMTP.
   */
  PUBLIC_URL: z
    .url('must be a URL such as https://wayfinder.example.org')
    .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
    .optional(),
  /** Sender address of outgoing email. */
  MAIL_FROM: z.string().default('Wayfinder <no-reply@wayfinder.invalid>'),
  /** Path of the FerretDB launcher binary; built from server/db/ferretdb when unset. */
  FERRETDB_BIN: z.string().optional(),

  // Several server processes on one database (see the README's "Several instances").
  /**
   * Seconds a process holds a claim on background work (queued messages, a periodic job's run)
   * before another process may take it over: how long work waits after a process dies mid-way.
   */
  LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /**
   * Milliseconds between polls of the shared feeds other processes write to: listing changes for
   * the embedded search index and referral changes for live subscribers.
   */
  FEED_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
});

export type Config = Readonly<z.output<typeof schema> & { dataDir: string }>;

const productionOnly = schema.superRefine((env, ctx) => {
  if (env.NODE_ENV !== 'production') return;
  if (env.SMTP_URL && !env.PUBLIC_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['PUBLIC_URL'],
      message: 'is required in production when SMTP_URL is set (links in emails point to it)',
    });
  }
  for (const key of ['ENCRYPTION_KEY', 'HMAC_KEY'] as const) {
    if (!env[key]) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'is required in production (generate one with `openssl rand -base64 32`)',
      });
    }
  }
});

/** Parses an environment (process.env by default) into a frozen config; throws on a bad value. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = productionOnly.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze({ ...result.data, dataDir: path.resolve(result.data.DATA_DIR) });
}

export class ConfigError extends Error {}

/** Where links in messages point: PUBLIC_URL without a trailing slash, else this machine. */
export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/** Loads the process config or prints every issue and exits non-zero. */
export function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
