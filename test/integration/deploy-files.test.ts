import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.ts';
import { readImportGraph } from '../architecture/import-graph.ts';
import { parseYamlSubset, type YamlValue } from '../support/yaml-subset.ts';

/**
 * compose.yaml, the Dockerfile and deploy/ cannot be run here (no Docker where the tests run), so
 * this checks what can be checked without it: the compose file parses, each app service's
 * environment is one server/config.ts accepts in production (with the secrets .env would supply),
 * it names every variable production requires, and the image's production-only install has every
 * package the server imports.
 */

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

type Service = { [key: string]: YamlValue };

const compose = parseYamlSubset(read('compose.yaml')) as { services: Record<string, Service> };
const appServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

/** What deploy/env.example asks the operator for, with sample values of the right shape. */
const samples: Record<string, string> = {
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
  MEILI_MASTER_KEY: 'a-sample-master-key-of-24b',
  PUBLIC_URL: 'https://wayfinder.example.org',
  SMTP_URL: 'smtp://user:pass@smtp.example.org:587',
  METRICS_TOKEN: 'a-sample-metrics-token-0123',
  MAIL_FROM: 'Wayfinder <no-reply@example.org>',
  SITE_ADDRESS: 'wayfinder.example.org',
};

/** Compose's `${VAR}`, `${VAR:?message}` and `${VAR:-default}`, as .env would fill them in. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind, rest) => {
    if (name in samples) return samples[name] as string;
    if (kind === '-') return rest as string;
    throw new Error(`compose.yaml uses \${${name}}, which this test has no sample of`);
  });
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment;
  expect(env, 'environment as a mapping').toBeTypeOf('object');
  expect(Array.isArray(env)).toBe(false);
  return Object.fromEntries(
    Object.entries(env as Record<string, YamlValue>).map(([k, v]) => {
      expect(typeof v, `${k} is a string`).toBe('string');
      return [k, interpolate(v as string)];
    }),
  );
}

/** The variables production refuses to start without (read from config's own errors). */
function requiredInProduction(): string[] {
  try {
    parseConfig({ NODE_ENV: 'production', SMTP_URL: samples.SMTP_URL });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as Error).message.matchAll(/^\s+(\w+): /gm)].map((m) => m[1] as string);
  }
  throw new Error('production started without any secret');
}

describe('compose.yaml', () => {
  it('parses, with a replica set, Meilisearch, a proxy and two or more app instances', () => {
    expect(appServices.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['mongo', 'mongo-init', 'meilisearch', 'caddy']),
    );
    expect(compose.services.mongo?.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(String(compose.services['mongo-init']?.command)).toContain('rs.initiate');
    expect(environmentOf(compose.services.meilisearch as Service).MEILI_MASTER_KEY).toBe(
      samples.MEILI_MASTER_KEY,
    );
  });

  it('gives every app instance an environment production accepts', () => {
    const required = requiredInProduction();
    expect(required).toEqual(expect.arrayContaining(['ENCRYPTION_KEY', 'HMAC_KEY', 'PUBLIC_URL']));
    const configSource = read('server/config.ts');
    for (const [name, service] of appServices) {
      const env = environmentOf(service);
      for (const key of required) expect(env, `${name} sets ${key}`).toHaveProperty(key);
      // No variable the server does not read (a typo would silently fall back to a default).
      for (const key of Object.keys(env)) {
        expect(configSource, `${name}: ${key} is read by server/config.ts`).toMatch(
          new RegExp(`^\\s+${key}: z`, 'm'),
        );
      }
      const config = parseConfig(env);
      expect(config.NODE_ENV).toBe('production');
      expect(config.MONGODB_URI).toMatch(/replicaSet=rs0/);
      expect(config.MEILI_URL).toBe('http://meilisearch:7700');
      expect(config.MEILI_KEY).toBe(samples.MEILI_MASTER_KEY);
      expect(config.TRUST_PROXY, `${name} trusts the proxy in front`).not.toBe(false);
      expect(config.METRICS_TOKEN).toBeDefined();
    }
  });

  it('asks deploy/env.example for every variable it takes from .env', () => {
    const example = read('deploy/env.example');
    for (const [, name] of read('compose.yaml').matchAll(/\$\{(\w+)/g)) {
      expect(example, `deploy/env.example names ${name}`).toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });

  it('sends the proxy to every app instance', () => {
    const caddyfile = read('deploy/Caddyfile');
    const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddyfile)?.[1]?.trim().split(/\s+/);
    expect(upstreams?.sort()).toEqual(appServices.map(([name]) => `${name}:4000`).sort());
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs the server as a non-root user from a production-only install', () => {
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-[a-z]+-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev --ignore-scripts/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--import", "tsx", "server\/main\.ts"\]$/m);
  });

  it('installs every package the server imports (type-only imports aside)', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const graph = readImportGraph(root, ['server', 'seeds']);
    for (const [file, { packages }] of graph) {
      for (const specifier of packages) {
        if (specifier.startsWith('node:')) continue;
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : (specifier.split('/')[0] as string);
        if (name in pkg.dependencies) continue;
        // Types only (erased at run time), e.g. mongodb's through mongoose.
        const source = read(file);
        const imports = [
          ...source.matchAll(new RegExp(`import[^;]*?from '${specifier}'`, 'g')),
        ].map((m) => m[0]);
        for (const statement of imports) {
          expect(statement, `${file} imports ${specifier}, a dev dependency`).toMatch(
            /^import type /,
          );
        }
      }
    }
  });
});
