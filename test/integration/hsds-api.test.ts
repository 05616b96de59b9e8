import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupPostalCode } from '../../server/domain/geo/postal-codes.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The HSDS 3 API over the demo directory, walked as the Open Referral UK validator walks an API
 * (each list at its first, a middle and its last page, then up to ten ids per detail endpoint)
 * with every body validated against the published HSDS 3.0 schemas; then each query parameter,
 * the Page arithmetic, NDJSON, CORS, errors and rate limiting.
 */

const hsdsDir = path.resolve(import.meta.dirname, '../../../shared/hsds');
const SCHEMA_BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema';

type Json = Record<string, unknown>;
type Page = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Json[];
};

let server: TestServer;
let origin: string;
let client = 0;

/** GETs an API path; each call comes from its own address (X-Forwarded-For) unless `from` is given. */
async function get(pathAndQuery: string, from?: string): Promise<Response> {
  client += 1;
  const init = {
    headers: { 'x-forwarded-for': from ?? `198.51.${Math.floor(client / 250)}.${client % 250}` },
  };
  try {
    return await fetch(`${origin}/hsds${pathAndQuery}`, init);
  } catch {
    // A kept-alive socket the server closed as we reused it; a second request gets a new one.
    return fetch(`${origin}/hsds${pathAndQuery}`, init);
  }
}

async function json<T = Json>(pathAndQuery: string): Promise<T> {
  const response = await get(pathAndQuery);
  expect(response.status, `${pathAndQuery}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

async function ndjsonLines(pathAndQuery: string): Promise<Json[]> {
  const response = await get(pathAndQuery);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Json);
}

function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((bLat - aLat) * rad) / 2) ** 2 +
    Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(((bLon - aLon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

beforeAll(async () => {
  // Clients are told apart by X-Forwarded-For, which a loopback proxy (the test) may set.
  server = await startTestServer({ seed: true, env: { TRUST_PROXY: 'loopback' } });
  origin = new URL(server.url).origin;
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe.skipIf(!existsSync(hsdsDir))(
  'HSDS 3 API bodies validate against the HSDS 3.0 schemas',
  () => {
    let ajv: Ajv2020;
    const validators = new Map<string, ValidateFunction>();

    const lists = [
      { list: '/services', detail: '/services/{id}' },
      // The 3.0 reference points this detail at compiled/service.json, which requires a service's
      // name and status; a service-at-location is described by compiled/service_at_location.json.
      {
        list: '/service_at_locations',
        detail: '/service_at_locations/{id}',
        detailSchema: `${SCHEMA_BASE}/compiled/service_at_location.json`,
      },
      { list: '/organizations', detail: '/organizations/{id}' },
      { list: '/taxonomies', detail: '/taxonomies/{id}' },
      { list: '/taxonomy_terms', detail: '/taxonomy_terms/{id}' },
    ];

    beforeAll(() => {
      ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
      const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
      addFormats(ajv);
      // The schemas refer to each other by absolute raw.githubusercontent.com URLs (openapi.json)
      // or by bare file names; register each local file under its published URL.
      for (const file of readdirSync(hsdsDir).filter((f) => f.endsWith('.json'))) {
        ajv.addSchema(
          JSON.parse(readFileSync(path.join(hsdsDir, file), 'utf8')),
          `${SCHEMA_BASE}/${file}`,
        );
      }
      for (const file of readdirSync(path.join(hsdsDir, 'compiled')).filter((f) =>
        f.endsWith('.json'),
      )) {
        ajv.addSchema(
          JSON.parse(readFileSync(path.join(hsdsDir, 'compiled', file), 'utf8')),
          `${SCHEMA_BASE}/compiled/${file}`,
        );
      }
      // Compile up front (the compiled schemas are large), not between requests.
      for (const { list, detail, detailSchema } of lists) {
        responseValidator(list);
        if (detailSchema) schemaValidator(detailSchema);
        else responseValidator(detail);
      }
    }, 300_000);

    /** The response schema the API reference gives for `GET apiPath`. */
    function responseValidator(apiPath: string): ValidateFunction {
      const pointer = `${SCHEMA_BASE}/openapi.json#/paths/${apiPath.replaceAll('/', '~1')}/get/responses/200/content/application~1json/schema`;
      let validate = validators.get(pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: pointer });
        validators.set(pointer, validate);
      }
      return validate;
    }

    function schemaValidator(url: string): ValidateFunction {
      let validate = validators.get(url);
      if (!validate) {
        validate = ajv.compile({ $ref: url });
        validators.set(url, validate);
      }
      return validate;
    }

    function expectValid(validate: ValidateFunction, body: unknown, what: string): void {
      const ok = validate(body);
      expect(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`).toBe(true);
    }

    it('GET / names the version, profile and OpenAPI document', async () => {
      const about = await json('/');
      expect(about).toMatchObject({
        version: '3.0',
        profile: 'https://openreferral.org/specification/3.0',
      });
      const openapiUrl = String(about.openapi_url);
      expect(openapiUrl).toBe(`${origin}/hsds/openapi.json`);
      const doc = (await (await fetch(openapiUrl)).json()) as { openapi: string; paths: Json };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths).sort()).toEqual(
        [
          '/',
          '/organizations',
          '/organizations/{id}',
          '/service_at_locations',
          '/service_at_locations/{id}',
          '/services',
          '/services/{id}',
          '/taxonomies',
          '/taxonomies/{id}',
          '/taxonomy_terms',
          '/taxonomy_terms/{id}',
        ].sort(),
      );
    });

    for (const { list, detail, detailSchema } of lists) {
      it(`walks ${list}: first, middle and last pages, then ten ${detail} bodies`, async () => {
        const validateList = responseValidator(list);
        const first = await json<Page>(list);
        expectValid(validateList, first, `${list} page 1`);
        expect(first.total_items).toBeGreaterThan(0);
        const pages = [...new Set([1, Math.ceil(first.total_pages / 2), first.total_pages])];
        const ids: string[] = first.contents.map((c) => String(c.id));
        for (const n of pages.slice(1)) {
          const page = await json<Page>(`${list}?page=${n}`);
          expectValid(validateList, page, `${list} page ${n}`);
          expect(page.page_number).toBe(n);
          ids.push(...page.contents.map((c) => String(c.id)));
        }
        const validateDetail = detailSchema
          ? schemaValidator(detailSchema)
          : responseValidator(detail);
        const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 10)) === 0);
        for (const id of sample.slice(0, 10)) {
          const body = await json(detail.replace('{id}', id));
          expectValid(validateDetail, body, `${detail} ${id}`);
          expect(body.id).toBe(id);
        }
      }, 180_000);
    }

    it('validates full, minimal and full_service variants', async () => {
      const full = await json<Page>('/services?full=true&per_page=100&page=3');
      expectValid(responseValidator('/services'), full, 'services full');
      const validateService = responseValidator('/services/{id}');
      for (const item of full.contents)
        expectValid(validateService, item, `full service ${item.id}`);
      const minimal = await json<Page>('/services?minimal=true&per_page=1000');
      expectValid(responseValidator('/services'), minimal, 'services minimal');
      const sals = await json<Page>('/service_at_locations?full=true&per_page=50&page=2');
      expectValid(responseValidator('/service_at_locations'), sals, 'service_at_locations full');
      const orgs = await json<Page>('/organizations?full_service=true&per_page=20');
      expectValid(responseValidator('/organizations'), orgs, 'organizations full_service');
      const validateOrg = responseValidator('/organizations/{id}');
      for (const org of orgs.contents) expectValid(validateOrg, org, `organization ${org.id}`);
    }, 180_000);

    it('validates every service of the demo directory (NDJSON, fully nested)', async () => {
      const validateService = responseValidator('/services/{id}');
      const lines = await ndjsonLines('/services?format=ndjson&full=true');
      expect(lines.length).toBe(2000);
      for (const line of lines) expectValid(validateService, line, `service ${line.id}`);
    }, 180_000);
  },
);

describe('HSDS 3 API behaviour', () => {
  it('keeps the Page arithmetic right across pages', async () => {
    const all = await json<Page>('/services?per_page=1000');
    const total = all.total_items;
    expect(total).toBe(2000);
    expect(all).toMatchObject({ total_pages: 2, page_number: 1, size: 1000, first_page: true });
    expect(all.last_page).toBe(false);
    const perPage = 7;
    const pages = Math.ceil(total / perPage);
    const last = await json<Page>(`/services?per_page=${perPage}&page=${pages}`);
    expect(last).toMatchObject({
      total_items: total,
      total_pages: pages,
      page_number: pages,
      size: total - (pages - 1) * perPage,
      first_page: false,
      last_page: true,
      empty: false,
    });
    const beyond = await json<Page>(`/services?per_page=${perPage}&page=${pages + 1}`);
    expect(beyond).toMatchObject({ size: 0, empty: true, last_page: false, contents: [] });
    const second = await json<Page>('/services?per_page=1000&page=2');
    const ids = [...all.contents, ...second.contents].map((c) => c.id);
    expect(new Set(ids).size).toBe(total);
    const defaults = await json<Page>('/services');
    expect(defaults.size).toBe(50);
    expect(defaults.total_pages).toBe(40);
    const none = await json<Page>('/services?search=zzqxjvvwk');
    expect(none).toMatchObject({
      total_items: 0,
      total_pages: 1,
      size: 0,
      first_page: true,
      last_page: true,
      empty: true,
    });
  });

  it('streams NDJSON with one line per item of total_items', async () => {
    for (const list of [
      '/services',
      '/service_at_locations',
      '/organizations',
      '/taxonomies',
      '/taxonomy_terms',
      '/services?search=food',
    ]) {
      const sep = list.includes('?') ? '&' : '?';
      const page = await json<Page>(`${list}${sep}per_page=1`);
      const lines = await ndjsonLines(`${list}${sep}format=ndjson`);
      expect(lines.length, list).toBe(page.total_items);
      expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
    }
  });

  it('filters by search', async () => {
    const all = await json<Page>('/services?per_page=1');
    const found = await json<Page>('/services?search=shelter&per_page=1000');
    expect(found.total_items).toBeGreaterThan(0);
    expect(found.total_items).toBeLessThan(all.total_items);
    expect(found.contents.some((s) => /shelter/i.test(String(s.name)))).toBe(true);
    const orgs = await json<Page>('/organizations?search=food&per_page=1000');
    expect(orgs.total_items).toBeGreaterThan(0);
    for (const o of orgs.contents) expect(String(o.name).toLowerCase()).toContain('food');
  });

  it('filters by taxonomy_term_id, taxonomy_id and organization_id, combined with AND', async () => {
    const terms = await json<Page>('/taxonomy_terms?search=shelter');
    const term = terms.contents.find((t) => t.code === 'housing.shelter');
    expect(term).toBeDefined();
    const byTerm = await json<Page>(
      `/services?taxonomy_term_id=${term?.id}&full=true&per_page=1000`,
    );
    expect(byTerm.total_items).toBeGreaterThan(0);
    for (const s of byTerm.contents) {
      const attributes = s.attributes as Json[];
      expect(attributes.some((a) => a.taxonomy_term_id === term?.id)).toBe(true);
    }
    const taxonomies = await json<Page>('/taxonomies');
    const wayfinder = taxonomies.contents.find((t) => t.name === 'wayfinder');
    const byTaxonomy = await json<Page>(`/services?taxonomy_id=${wayfinder?.id}&per_page=1`);
    expect(byTaxonomy.total_items).toBeGreaterThanOrEqual(byTerm.total_items);
    const orgId = String(byTerm.contents[0]?.organization_id);
    const byOrg = await json<Page>(`/services?organization_id=${orgId}&per_page=1000`);
    expect(byOrg.total_items).toBeGreaterThan(0);
    for (const s of byOrg.contents) expect(s.organization_id).toBe(orgId);
    const both = await json<Page>(
      `/services?organization_id=${orgId}&taxonomy_term_id=${term?.id}&per_page=1000`,
    );
    const expected = byTerm.contents.filter((s) => s.organization_id === orgId).map((s) => s.id);
    expect(both.contents.map((s) => s.id).sort()).toEqual(expected.sort());
    const termsOfTaxonomy = await json<Page>(
      `/taxonomy_terms?taxonomy_id=${wayfinder?.id}&top_only=true`,
    );
    expect(termsOfTaxonomy.total_items).toBe(12);
    const children = await json<Page>(`/taxonomy_terms?parent_id=${term?.parent_id}`);
    expect(children.contents.map((t) => t.id)).toContain(term?.id);
  });

  it('filters by modified_after', async () => {
    const minimal = await json<Page>('/services?minimal=true&per_page=1000');
    for (const s of minimal.contents)
      expect(Object.keys(s).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
    const dates = minimal.contents.map((s) => String(s.last_modified)).sort();
    const cut = dates[Math.floor(dates.length / 2)] ?? '';
    const after = await json<Page>(
      `/services?modified_after=${encodeURIComponent(cut)}&minimal=true&per_page=1000`,
    );
    expect(after.total_items).toBeGreaterThan(0);
    expect(after.total_items).toBeLessThan(2000);
    for (const s of after.contents)
      expect(Date.parse(String(s.last_modified))).toBeGreaterThanOrEqual(Date.parse(cut));
    const dayOnly = await json<Page>(`/services?modified_after=${cut.slice(0, 10)}&per_page=1`);
    expect(dayOnly.total_items).toBeGreaterThanOrEqual(after.total_items);
  });

  it('returns nested records with full and full_service', async () => {
    const basic = await json<Page>('/services?per_page=5');
    for (const s of basic.contents) {
      expect(s.service_at_locations).toBeUndefined();
      expect((s.organization as Json).id).toBe(s.organization_id);
    }
    const full = await json<Page>('/services?per_page=5&full=true');
    for (const s of full.contents) expect(Array.isArray(s.service_at_locations)).toBe(true);
    const org = (await json<Page>('/organizations?per_page=1')).contents[0] as Json;
    expect(org.services).toBeUndefined();
    const withServices = await json<Json>(`/organizations/${org.id}`);
    const services = withServices.services as Json[];
    expect(services.length).toBeGreaterThan(0);
    expect(services[0]?.service_at_locations).toBeUndefined();
    const withFull = await json<Json>(`/organizations/${org.id}?full_service=true`);
    expect((withFull.services as Json[])[0]?.service_at_locations).toBeDefined();
  });

  it('filters by postcode and by postcode + proximity (metres)', async () => {
    const sal = (await json<Page>('/service_at_locations?per_page=1&full=true'))
      .contents[0] as Json;
    const location = sal.location as Json;
    const zip = String((location.addresses as Json[])[0]?.postal_code);
    const atZip = await json<Page>(`/services?postcode=${zip}&per_page=1000`);
    expect(atZip.total_items).toBeGreaterThan(0);
    expect(atZip.contents.map((s) => s.id)).toContain(sal.service_id);
    const centre = lookupPostalCode(zip);
    expect(centre).not.toBeNull();
    const near = await json<Page>(
      `/service_at_locations?postcode=${zip}&proximity=5000&per_page=1000`,
    );
    expect(near.total_items).toBeGreaterThan(0);
    for (const item of near.contents) {
      const l = item.location as Json;
      expect(
        distanceKm(
          centre?.latitude ?? 0,
          centre?.longitude ?? 0,
          Number(l.latitude),
          Number(l.longitude),
        ),
      ).toBeLessThanOrEqual(5);
    }
    const wider = await json<Page>(
      `/service_at_locations?postcode=${zip}&proximity=30000&per_page=1`,
    );
    expect(wider.total_items).toBeGreaterThan(near.total_items);
    const services = await json<Page>(`/services?postcode=${zip}&proximity=5000&per_page=1`);
    expect(services.total_items).toBeGreaterThan(0);
  }, 180_000);

  it('sends CORS headers to everyone', async () => {
    for (const p of [
      '/',
      '/services?per_page=1',
      '/services/00000000-0000-4000-8000-000000000000',
    ]) {
      expect((await get(p)).headers.get('access-control-allow-origin')).toBe('*');
    }
    const preflight = await fetch(`${origin}/hsds/services`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers unknown ids with 404 and a JSON error', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const list of [
      'services',
      'service_at_locations',
      'organizations',
      'taxonomies',
      'taxonomy_terms',
    ]) {
      const response = await get(`/${list}/${missing}`);
      expect(response.status).toBe(404);
      const body = (await response.json()) as Json;
      expect(body.error).toBe('not_found');
      expect(String(body.message)).toContain(missing);
    }
    const unknown = await get('/nothing-here');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).error).toBe('not_found');
  });

  it('answers bad parameters with 400 and a clear message', async () => {
    const cases: Array<[string, string]> = [
      ['/services?page=0', 'page must be a whole number from 1 to 1000000000; "0" is not.'],
      ['/services?per_page=5000', 'per_page must be a whole number from 1 to 1000; "5000" is not.'],
      [
        '/services?modified_after=yesterday',
        'modified_after must be a date (2026-05-03) or a date-time with a time zone (2026-05-03T09:00:00Z); "yesterday" is not.',
      ],
      ['/services?format=xml', 'format must be json or ndjson; "xml" is not.'],
      ['/services?taxonomy_term_id=food', 'taxonomy_term_id must be a UUID; "food" is not.'],
      ['/service_at_locations?proximity=100', 'proximity needs a postcode to measure from.'],
      ['/services?postcode=00000', 'postcode must be a known US ZIP code; "00000" is not.'],
      ['/services?full=maybe', 'full must be true or false; "maybe" is not.'],
    ];
    for (const [p, message] of cases) {
      const response = await get(p);
      expect(response.status, p).toBe(400);
      expect(await response.json()).toEqual({ error: 'bad_request', message });
    }
  });

  it('rate-limits each client address with 429 and Retry-After', async () => {
    const from = '203.0.113.77';
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 160; i += 1) {
      const response = await get('/', from);
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(((await response.json()) as Json).error).toBe('rate_limited');
        break;
      }
      await response.arrayBuffer();
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(100);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await get('/', '203.0.113.78')).status).toBe(200);
  });
});
