import { z } from 'zod';

/**
 * The web app's one config module. Values come only from `import.meta.env.VITE_*` (set at build
 * time, e.g. `VITE_TILE_URL=... npm run build:web`) and are validated here.
 */
const schema = z.object({
  /** Map tile URL template ({z}/{x}/{y}); unset: the offline state and county basemap only. */
  VITE_TILE_URL: z
    .string()
    .trim()
    .regex(/^(https?:\/\/|\/).*\{z\}.*\{x\}.*\{y\}/, 'must be a tile URL template with {z}/{x}/{y}')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Attribution shown with the tiles (HTML allowed by Leaflet, keep it plain). */
  VITE_TILE_ATTRIBUTION: z.string().optional(),
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
