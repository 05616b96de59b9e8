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
  /**
   * Map tiles for the web app's map: an OpenStreetMap-based raster tile server's URL template,
   * e.g. https://tile.example.org/{z}/{x}/{y}.png (a tile server of your own or a provider's; the
   * OpenStreetMap Foundation's own servers are not for production use). The browser fetches the
   * tiles, so the Content-Security-Policy allows this host for images. Unset: the offline outline
   * map (state and county lines with city and ZIP names), which needs no network.
   */
  MAP_TILE_URL: z
    .string()
    .trim()
    .regex(
      /^https?:\/\/[^/\s]+\/\S*\{z\}\S*\{x\}\S*\{y\}/,
      'must be an http(s) tile URL template with {z}, {x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png',
    )
    .optional(),
  /** The credit shown on the map with MAP_TILE_URL's tiles (plain text; OpenStreetMap's licence asks for it). */
  MAP_TILE_ATTRIBUTION: z.string().trim().min(1).max(300).default('© OpenStreetMap contributors'),
  /**
   * A geocoder for street addresses typed into search: the base URL of a Nominatim server
   * (https://nominatim.example.org, queried at /search) or a Pelias server
   * (https://pelias.example.org/v1, queried at /search). Unset: addresses are matched against the
   * directory's own site addresses, then by the ZIP code or city they contain (approximate).
   */
  GEOCODER_URL: z.url('must be a URL such as https://nominatim.example.org').optional(),
  /** Path of the FerretDB launcher binary; built from server/db/ferretdb when unset. */
  FERRETDB_BIN: z.string().optional(),

  // Security: who the app trusts, and how much one caller may ask of it.
  /**
   * Which proxies in front of the app to believe about the client address (X-Forwarded-For):
   * `false` (none, the default: the address is the TCP peer's), a number of hops, or a
   * comma-separated list of addresses, subnets or `loopback`. Per-address limits rely on it, so
   * trust only proxies that overwrite the header rather than pass it through.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v): false | number | string =>
      v === 'false' || v === '' ? false : /^\d+$/.test(v) ? Number(v) : v,
    )
    .refine((v) => v !== 'true', 'trusting every proxy defeats per-address limits; name them'),
  /**
   * Origins (comma-separated, e.g. https://partner.example.org) allowed to call /graphql from a
   * browser on another site. Unset: same origin only.
   */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
      'must be origins such as https://partner.example.org, comma-separated',
    ),
  /** GraphQL requests one caller (a signed-in user, else an address) may make per minute; 0: off. */
  GRAPHQL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /**
   * The most a GraphQL operation may cost: each field counts 1, and a paged field's selection
   * counts once per item asked for (`first`, default 20), so aliases and page sizes add up.
   */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).max(10_000_000).default(10_000),
  /** Aliased fields allowed in one GraphQL document. */
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  /** Sign-in attempts allowed per email per window (a success clears the email's count). */
  SIGN_IN_MAX_PER_EMAIL: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Sign-in attempts allowed per client address per window (successes are not counted). */
  SIGN_IN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
  /** The sign-in limits' window, in minutes. */
  SIGN_IN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Resource lists one person may send (email or text) per hour. */
  LIST_SENDS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Resource lists that may go to one address or number per day, whoever sends them. */
  LIST_SENDS_PER_RECIPIENT_PER_DAY: z.coerce.number().int().min(1).max(1000).default(3),
  /**
   * A bearer token for GET /metrics (Prometheus: `authorization: { credentials: ... }`). Unset:
   * /metrics answers only requests made straight from this machine (loopback, not via a proxy).
   */
  METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
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
