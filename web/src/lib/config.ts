import { z } from 'zod';

/**
 * The web app's one config module. Values come only from `import.meta.env.VITE_*` (set at build
 * time, e.g. `VITE_GRAPHQL_URL=... npm run build:web`) and are validated here. Settings a
 * deployment changes without a rebuild (the map's tile server) come from the API.
 */
const schema = z.object({
  /** The GraphQL endpoint. */
  VITE_GRAPHQL_URL: z.string().min(1).default('/graphql'),
});

export type WebConfig = z.infer<typeof schema>;

export function parseWebConfig(env: Record<string, unknown>): WebConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Bad web configuration: ${issues.join('; ')}`);
  }
  return result.data;
}

export const config: WebConfig = parseWebConfig(import.meta.env);
