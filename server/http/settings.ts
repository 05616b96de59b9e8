import type { Config } from '../config.ts';
import type { CostLimits } from '../graphql/cost.ts';

/** The HTTP edge's security settings, from config (see server/config.ts for each). */
export type HttpSettings = CostLimits & {
  trustProxy: false | number | string;
  corsOrigins: readonly string[];
  /** GraphQL requests per caller per minute; 0 turns the limit off. */
  graphqlPerMinute: number;
  /** The map tile server's URL template, whose origin images may come from. */
  mapTileUrl: string | undefined;
  /** Strict-Transport-Security (production only: a development server speaks plain HTTP). */
  hsts: boolean;
  /** The bearer token /metrics asks for; unset: loopback only. */
  metricsToken?: string | undefined;
};

/** The settings when none are given (tools and benchmarks): no proxy, no CORS, no rate limit. */
export const defaultHttpSettings: HttpSettings = {
  trustProxy: false,
  corsOrigins: [],
  graphqlPerMinute: 0,
  maxCost: 10_000,
  maxAliases: 30,
  mapTileUrl: undefined,
  hsts: false,
};

/** The HTTP settings of a config. */
export function httpSettings(config: Config): HttpSettings {
  return {
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
    graphqlPerMinute: config.GRAPHQL_RATE_LIMIT_PER_MINUTE,
    maxCost: config.GRAPHQL_MAX_COST,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    mapTileUrl: config.MAP_TILE_URL,
    hsts: config.NODE_ENV === 'production',
    metricsToken: config.METRICS_TOKEN,
  };
}
