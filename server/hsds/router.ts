import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Document, FindCursor } from 'mongodb';
import { fromDoc } from '../db/documents.ts';
import type { DomainDeps } from '../domain/deps.ts';
import type { Organization, Taxonomy, TaxonomyTerm } from '../domain/directory/records.ts';
import type { StoredService } from '../domain/directory/stored.ts';
import { type CatalogOptions, HsdsCatalog, readById, type SalEntry } from './catalog.ts';
import {
  readLocations,
  readServices,
  selectOrganizations,
  selectServiceAtLocations,
  selectServices,
  selectTaxonomies,
  selectTerms,
  serviceContexts,
} from './listing.ts';
import { openapiDocument } from './openapi.ts';
import { pageOf, pageWindow } from './pages.ts';
import {
  BadParameterError,
  type ListParams,
  parseDetailParams,
  parseListParams,
} from './params.ts';
import { createRateLimiter } from './rate-limit.ts';
import {
  hsdsOrganization,
  hsdsOrganizationBasic,
  hsdsService,
  hsdsServiceAtLocationFull,
  hsdsServiceAtLocationListItem,
  hsdsServiceListItem,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
  type Json,
} from './serialize.ts';

export const HSDS_VERSION = '3.0';
export const HSDS_PROFILE = 'https://openreferral.org/specification/3.0';

export type HsdsRouterOptions = CatalogOptions & {
  /** Requests a client address may make at once, and per second after that. */
  rateLimit?: { capacity: number; perSecond: number };
};

class NotFound extends Error {}

type Deps = Pick<DomainDeps, 'db' | 'search' | 'logger'>;

/**
 * The read-only HSDS 3.0 API (Open Referral's API reference): lists in the `Page` envelope or as
 * NDJSON, fully nested details, CORS open to all, no key, rate-limited per client address.
 */
export function createHsdsRouter(deps: Deps, options: HsdsRouterOptions = {}): Router {
  const catalog = new HsdsCatalog(deps.db, deps.logger, options);
  const limiter = createRateLimiter(options.rateLimit ?? { capacity: 120, perSecond: 20 });
  const { db } = deps;
  const router = express.Router();

  router.use((req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.set('Access-Control-Allow-Headers', 'Content-Type');
      res.set('Access-Control-Max-Age', '86400');
      res.status(204).end();
      return;
    }
    const wait = limiter.take(req.ip ?? 'unknown');
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      res.status(429).json({
        error: 'rate_limited',
        message: `Too many requests from this address. Try again in ${wait} second${wait === 1 ? '' : 's'}.`,
      });
      return;
    }
    next();
  });

  const base = (req: Request) =>
    `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
  const get = (path: string, handler: (req: Request, res: Response) => Promise<void>) =>
    router.get(path, (req, res, next) => {
      handler(req, res).catch(next);
    });

  router.get('/', (req, res) => {
    res.json({
      version: HSDS_VERSION,
      profile: HSDS_PROFILE,
      openapi_url: `${base(req)}/openapi.json`,
    });
  });
  router.get('/openapi.json', (req, res) => {
    res.json(openapiDocument(base(req)));
  });

  const orgBasic = (id: string): Json | null => catalog.organizationById.get(id)?.basic ?? null;

  /** Serializes services as a list presents them (minimal, one-to-one or full). */
  async function serviceItems(services: StoredService[], p: ListParams): Promise<Json[]> {
    if (p.minimal) {
      return services.map((s) => {
        const item: Json = { id: s.id, name: s.name, status: s.status ?? 'active' };
        const modified = hsdsServiceListItem(s, null).last_modified;
        if (modified) item.last_modified = modified;
        return item;
      });
    }
    if (p.full) {
      const ctx = await serviceContexts(db, catalog, services);
      return services.map((s) => hsdsService(s, ctx(s)));
    }
    return services.map((s) => hsdsServiceListItem(s, orgBasic(s.organization_id)));
  }

  get('/services', async (req, res) => {
    const p = parseListParams(req.query);
    await catalog.ready();
    const selected = await selectServices(catalog, deps.search, p);
    if (p.ndjson && p.full) {
      const wanted = selected === catalog.services ? null : new Set(selected.map((s) => s.id));
      await streamNdjson(res, db.models.Service.collection.find({}), async (docs) => {
        const services = docs
          .map((d) => fromDoc<StoredService>(d))
          .filter((s) => !wanted || wanted.has(s.id));
        return serviceItems(services, p);
      });
      return;
    }
    // The one-to-one shapes come from the catalog, already serialized: no database round trip.
    const text = (e: (typeof selected)[number]) => (p.minimal ? e.minimal : e.item);
    if (p.ndjson) {
      await streamLines(res, selected, text);
      return;
    }
    const { start, end } = pageWindow(selected.length, p.page, p.perPage);
    const page = selected.slice(start, end);
    if (!p.full) {
      sendPageText(res, page.map(text), selected.length, p.page, p.perPage);
      return;
    }
    const services = await readServices(
      db,
      page.map((s) => s.id),
    );
    res.json(pageOf(await serviceItems(services, p), selected.length, p.page, p.perPage));
  });

  get('/services/:id', async (req, res) => {
    const service = await readById<StoredService>(db.models.Service.collection, idOf(req));
    if (!service) throw new NotFound(`No service has the id "${idOf(req)}".`);
    await catalog.ready();
    const ctx = await serviceContexts(db, catalog, [service]);
    res.json(hsdsService(service, ctx(service)));
  });

  async function salItems(
    links: SalEntry[],
    services: Map<string, StoredService>,
    p: ListParams,
  ): Promise<Json[]> {
    const list = [...services.values()];
    if (p.full) {
      const ctx = await serviceContexts(db, catalog, list);
      return links.flatMap((l) => {
        const service = services.get(l.serviceId);
        const link = service?.service_at_locations.find((x) => x.id === l.id);
        return service && link ? [hsdsServiceAtLocationFull(link, service, ctx(service))] : [];
      });
    }
    const locations = await readLocations(
      db,
      links.map((l) => l.locationId),
    );
    return links.flatMap((l) => {
      const service = services.get(l.serviceId);
      const link = service?.service_at_locations.find((x) => x.id === l.id);
      return service && link
        ? [hsdsServiceAtLocationListItem(link, service, locations.get(l.locationId) ?? null)]
        : [];
    });
  }

  get('/service_at_locations', async (req, res) => {
    const p = parseListParams(req.query);
    await catalog.ready();
    const selected = await selectServiceAtLocations(catalog, deps.search, p);
    if (p.ndjson && p.full) {
      const wanted = selected === catalog.sals ? null : new Set(selected.map((s) => s.id));
      await streamNdjson(res, db.models.Service.collection.find({}), async (docs) => {
        const services = new Map<string, StoredService>();
        const links: SalEntry[] = [];
        for (const doc of docs) {
          const service = fromDoc<StoredService>(doc);
          (service.service_at_locations ?? []).forEach((link, index) => {
            if (wanted && !wanted.has(link.id)) return;
            services.set(service.id, service);
            links.push({ id: link.id, serviceId: service.id, locationId: link.location_id, index });
          });
        }
        return salItems(links, services, p);
      });
      return;
    }
    const text = (l: SalEntry): string => {
      const service = catalog.serviceById.get(l.serviceId);
      const location = catalog.locations.get(l.locationId);
      return `{${service?.salFields[l.index] ?? `"id":${JSON.stringify(l.id)}`}${
        location ? `,"location":${location.basic}` : ''
      }${service ? `,"service":${service.item}` : ''}}`;
    };
    if (p.ndjson) {
      await streamLines(res, selected, text);
      return;
    }
    const { start, end } = pageWindow(selected.length, p.page, p.perPage);
    const links = selected.slice(start, end);
    if (!p.full) {
      sendPageText(res, links.map(text), selected.length, p.page, p.perPage);
      return;
    }
    const services = await readServices(db, [...new Set(links.map((l) => l.serviceId))]);
    const items = await salItems(links, new Map(services.map((s) => [s.id, s])), p);
    res.json(pageOf(items, selected.length, p.page, p.perPage));
  });

  get('/service_at_locations/:id', async (req, res) => {
    const id = idOf(req);
    await catalog.ready();
    let entry = catalog.salById.get(id);
    if (!entry) {
      // It may be newer than the catalog: catch up once before saying no.
      await catalog.poll();
      entry = catalog.salById.get(id);
    }
    const service = entry
      ? await readById<StoredService>(db.models.Service.collection, entry.serviceId)
      : null;
    const link = service?.service_at_locations.find((l) => l.id === id);
    if (!service || !link) throw new NotFound(`No service at location has the id "${id}".`);
    const ctx = await serviceContexts(db, catalog, [service]);
    res.json(hsdsServiceAtLocationFull(link, service, ctx(service)));
  });

  /** An organization as a list or detail shows it: with its services when full. */
  async function organizationItems(
    organizations: Organization[],
    withServices: 'none' | 'basic' | 'full',
  ): Promise<Json[]> {
    if (withServices === 'none') return organizations.map((o) => hsdsOrganization(o));
    const out: Json[] = [];
    for (const o of organizations) {
      const services = await readServices(db, catalog.servicesByOrganization.get(o.id) ?? []);
      const items =
        withServices === 'full'
          ? await serviceItems(services, { ...parseListParams({}), full: true })
          : services.map((s) => hsdsServiceListItem(s, null));
      out.push(hsdsOrganization(o, items));
    }
    return out;
  }

  get('/organizations', async (req, res) => {
    const p = parseListParams(req.query);
    await catalog.ready();
    const selected = selectOrganizations(catalog, p);
    const mode = p.fullService ? 'full' : p.full ? 'basic' : null;
    if (p.ndjson) {
      const wanted = selected === catalog.organizations ? null : new Set(selected.map((o) => o.id));
      await streamNdjson(res, db.models.Organization.collection.find({}), async (docs) => {
        const orgs = docs
          .map((d) => fromDoc<Organization>(d))
          .filter((o) => !wanted || wanted.has(o.id));
        return mode ? organizationItems(orgs, mode) : orgs.map((o) => hsdsOrganizationBasic(o));
      });
      return;
    }
    const { start, end } = pageWindow(selected.length, p.page, p.perPage);
    const page = selected.slice(start, end);
    let contents: Json[];
    if (mode) {
      const orgs: Organization[] = [];
      for (const o of page) {
        const org = await readById<Organization>(db.models.Organization.collection, o.id);
        if (org) orgs.push(org);
      }
      contents = await organizationItems(orgs, mode);
    } else contents = page.map((o) => o.basic);
    res.json(pageOf(contents, selected.length, p.page, p.perPage));
  });

  get('/organizations/:id', async (req, res) => {
    const { fullService } = parseDetailParams(req.query);
    const org = await readById<Organization>(db.models.Organization.collection, idOf(req));
    if (!org) throw new NotFound(`No organization has the id "${idOf(req)}".`);
    await catalog.ready();
    const [item] = await organizationItems([org], fullService ? 'full' : 'basic');
    res.json(item);
  });

  get('/taxonomies', async (req, res) => {
    const p = parseListParams(req.query);
    await catalog.ready();
    const selected = selectTaxonomies(catalog, p).map(hsdsTaxonomy);
    sendList(res, selected, p);
  });

  get('/taxonomies/:id', async (req, res) => {
    const taxonomy = await readById<Taxonomy>(db.models.Taxonomy.collection, idOf(req));
    if (!taxonomy) throw new NotFound(`No taxonomy has the id "${idOf(req)}".`);
    res.json(hsdsTaxonomy(taxonomy));
  });

  get('/taxonomy_terms', async (req, res) => {
    const p = parseListParams(req.query);
    await catalog.ready();
    const selected = selectTerms(catalog, p).map((t) => hsdsTaxonomyTerm(t, catalog.taxonomyById));
    sendList(res, selected, p);
  });

  get('/taxonomy_terms/:id', async (req, res) => {
    const term = await readById<TaxonomyTerm>(db.models.TaxonomyTerm.collection, idOf(req));
    if (!term) throw new NotFound(`No taxonomy term has the id "${idOf(req)}".`);
    await catalog.ready();
    res.json(hsdsTaxonomyTerm(term, catalog.taxonomyById));
  });

  router.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `There is no ${req.path} in this API.` });
  });

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof BadParameterError) {
      res.status(400).json({ error: 'bad_request', message: error.message });
      return;
    }
    if (error instanceof NotFound) {
      res.status(404).json({ error: 'not_found', message: error.message });
      return;
    }
    deps.logger.error({ err: error }, 'HSDS API request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(500).json({ error: 'internal', message: 'Something went wrong on our side.' });
  });

  return router;
}

function idOf(req: Request): string {
  const id = req.params.id;
  return typeof id === 'string' ? id : '';
}

function sendList(res: Response, all: Json[], p: ListParams): void {
  if (p.ndjson) {
    res.type('application/x-ndjson');
    res.end(all.map((item) => `${JSON.stringify(item)}\n`).join(''));
    return;
  }
  const { start, end } = pageWindow(all.length, p.page, p.perPage);
  res.json(pageOf(all.slice(start, end), all.length, p.page, p.perPage));
}

/** Sends a Page whose items are already JSON text. */
function sendPageText(
  res: Response,
  items: string[],
  total: number,
  page: number,
  perPage: number,
): void {
  const { contents: _contents, ...envelope } = pageOf(items, total, page, perPage);
  const head = JSON.stringify(envelope).slice(0, -1);
  res.type('application/json').send(`${head},"contents":[${items.join(',')}]}`);
}

/**
 * Streams items from memory as NDJSON, a chunk at a time, waiting for the socket to drain, so a
 * response of any size holds one chunk. Stops when the client goes away.
 */
async function streamLines<T>(
  res: Response,
  items: readonly T[],
  text: (item: T) => string,
): Promise<void> {
  res.status(200).type('application/x-ndjson');
  const CHUNK = 500;
  for (let i = 0; i < items.length && !res.destroyed; i += CHUNK) {
    let chunk = '';
    for (const item of items.slice(i, i + CHUNK)) chunk += `${text(item)}\n`;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

/** Resolves when the response can take more, or has closed. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const BATCH = 200;

/**
 * Streams a cursor as NDJSON: batches of documents are turned into objects and written one per
 * line, waiting for the socket to drain, so memory stays flat whatever the size. Stops (and
 * closes the cursor) when the client goes away.
 */
async function streamNdjson(
  res: Response,
  cursor: FindCursor<Document>,
  transform: (docs: Document[]) => Promise<Json[]>,
): Promise<void> {
  res.status(200).type('application/x-ndjson');
  let batch: Document[] = [];
  const flush = async () => {
    const items = await transform(batch);
    batch = [];
    const text = items.map((item) => `${JSON.stringify(item)}\n`).join('');
    if (text && !res.write(text)) await drained(res);
  };
  try {
    for await (const doc of cursor.batchSize(1000)) {
      if (res.destroyed) break;
      batch.push(doc);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0 && !res.destroyed) await flush();
  } finally {
    await cursor.close().catch(() => {});
  }
  res.end();
}
