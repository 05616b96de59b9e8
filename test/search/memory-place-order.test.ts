import { describe, expect, it } from 'vitest';
import type { SearchDocument, SearchQuery, SearchResult } from '../../server/search/engine.ts';
import { MemorySearchIndex } from '../../server/search/memory/memory-index.ts';
import { PlaceOrder, placeKey } from '../../server/search/memory/place-order.ts';
import { buildSearchDocument } from './search-document-factory.ts';

/**
 * A rebuild of the embedded engine stores the documents as they come, then numbers them in
 * place order before indexing them. These check that the order keeps what it promises, and that
 * an index built that way answers exactly as one built by adding the same documents one batch at
 * a time does: through edits, removals and the compaction that follows them.
 */
const CITIES = [
  { latitude: 39.74, longitude: -104.99 },
  { latitude: 40.02, longitude: -105.27 },
  { latitude: 38.83, longitude: -104.82 },
  { latitude: 47.61, longitude: -122.33 },
];
/** The city of number `i`, counted round the list. */
const cityAt = (i: number): { latitude: number; longitude: number } =>
  CITIES[i % CITIES.length] ?? { latitude: 39.74, longitude: -104.99 };
const WORDS = ['pantry', 'shelter', 'clinic', 'meals', 'rides', 'legal'];
const CATEGORIES = ['food', 'housing', 'health', 'transit', 'legal'];

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** A service's documents: one per site (one to three), or one without a site. */
function service(i: number, random: () => number, version = 0): SearchDocument[] {
  const city = cityAt(i);
  const sites = random() < 0.08 ? 0 : 1 + Math.floor(random() * random() * 3);
  const base = {
    serviceId: `svc-${i}`,
    organizationId: `org-${i % 97}`,
    name: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${i}`,
    description: `${WORDS[(i * 3) % WORDS.length]} for families, version ${version}`,
    categories: [CATEGORIES[i % CATEGORIES.length] ?? 'food'],
    languages: random() < 0.3 ? ['en', 'es'] : ['en'],
    // A payload the store cannot pack is kept as the object it is.
    payload: i % 211 === 0 ? { since: new Date(Date.UTC(2020, 0, i % 28)) } : { rank: i },
  };
  if (sites === 0) {
    return [
      buildSearchDocument({
        ...base,
        id: `svc-${i}`,
        locationId: null,
        latitude: null,
        longitude: null,
      }),
    ];
  }
  return Array.from({ length: sites }, (_, s) =>
    buildSearchDocument({
      ...base,
      id: `svc-${i}-site-${s}`,
      locationId: `loc-${i}-${s}`,
      // Sites of a service are mostly in its city, sometimes in another.
      latitude: (s === 2 ? cityAt(i + 1) : city).latitude + (random() - 0.5) * 0.6,
      longitude: city.longitude + (random() - 0.5) * 0.8,
    }),
  );
}

function directory(services: number, seed: number): SearchDocument[] {
  const random = seeded(seed);
  return Array.from({ length: services }, (_, i) => service(i, random)).flat();
}

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({
  sort: 'RELEVANCE',
  offset: 0,
  limit: 10,
  facets: ['categories', 'languages', 'costs'],
  ...overrides,
});

const near = (city: number, radiusKm: number) => ({ ...cityAt(city), radiusKm });

const SEARCHES: SearchQuery[] = [
  query({}),
  query({ text: 'pantry' }),
  query({ text: 'meals families', offset: 5 }),
  query({ near: near(0, 20), sort: 'DISTANCE' }),
  query({ near: near(0, 30), sort: 'DISTANCE', distinctService: true, points: 50 }),
  query({ text: 'clinic', near: near(1, 40), distinctService: true }),
  query({ text: 'rides', near: near(3, 25) }),
  query({ near: near(2, 50), filter: { field: 'categories', anyOf: ['health', 'transit'] } }),
  query({ filter: { field: 'languages', anyOf: ['es'] }, distinctService: true, limit: 40 }),
  query({ text: 'shelter legal', distinctService: true, points: 200 }),
];

/** What a search answers, with each hit's whole document. */
function answer(result: SearchResult) {
  return {
    total: result.total,
    facets: result.facets,
    hits: result.hits.map((hit) => ({ document: hit.document, distanceKm: hit.distanceKm })),
    // Map points come in no particular order when all of the matches fit.
    points: result.points?.map((p) => JSON.stringify(p)).sort(),
  };
}

async function expectSameAnswers(built: MemorySearchIndex, added: MemorySearchIndex) {
  for (const search of SEARCHES) {
    expect(answer(await built.search(search)), JSON.stringify(search)).toEqual(
      answer(await added.search(search)),
    );
  }
  expect(await built.count()).toBe(await added.count());
}

/** The same batches: one index takes them in a rebuild, the other as upserts. */
async function bothWays(batches: SearchDocument[][]) {
  const built = new MemorySearchIndex();
  await built.rebuild(async (write) => {
    for (const batch of batches) await write(batch);
  });
  const added = new MemorySearchIndex();
  for (const batch of batches) await added.upsert(batch);
  return { built, added };
}

function batchesOf(docs: SearchDocument[], size: number): SearchDocument[][] {
  const batches: SearchDocument[][] = [];
  for (let i = 0; i < docs.length; i += size) batches.push(docs.slice(i, i + size));
  return batches;
}

describe('place order', () => {
  it('keeps each service together, services of one place together, and unplaced ones last', () => {
    const order = new PlaceOrder();
    // Arrival: a Seattle service, a site-less one, a Denver one with two sites, another in
    // Seattle, a second site-less one, another in Denver.
    const arrivals: Array<[string, number | null, number | null]> = [
      ['seattle-a', 47.61, -122.33],
      ['nowhere-a', null, null],
      ['denver-a', 39.74, -104.99],
      ['denver-a', 40.5, -104.0],
      ['seattle-b', 47.62, -122.34],
      ['nowhere-b', null, null],
      ['denver-b', 39.75, -104.98],
    ];
    for (const [id, lat, lng] of arrivals) order.add(id, lat, lng);
    const ids = [...order.order(() => true)].map((doc) => arrivals[doc]?.[0]);
    // Denver sorts before Seattle along the curve; ties keep their arrival order.
    expect(placeKey(39.74, -104.99)).not.toBe(placeKey(47.61, -122.33));
    const denverFirst = placeKey(39.74, -104.99) < placeKey(47.61, -122.33);
    const denver = ['denver-a', 'denver-a', 'denver-b'];
    const seattle = ['seattle-a', 'seattle-b'];
    expect(ids).toEqual([
      ...(denverFirst ? [...denver, ...seattle] : [...seattle, ...denver]),
      'nowhere-a',
      'nowhere-b',
    ]);
    // Documents left out are not numbered; the others keep their order.
    const all = [...order.order(() => true)];
    const keep = (doc: number) => doc !== 1 && doc !== 3;
    expect([...order.order(keep)]).toEqual(all.filter(keep));
  });

  it('places neighbouring cells near each other along the curve', () => {
    // Two cells side by side share all but their last bits; a cell across the world does not.
    const here = placeKey(39.74, -104.99);
    const beside = placeKey(39.74, -104.89);
    const far = placeKey(-33.87, 151.21);
    expect(Math.abs(here - beside)).toBeLessThan(16);
    expect(Math.abs(here - far)).toBeGreaterThan(1_000_000);
  });
});

describe('an index rebuilt in place order', () => {
  it('answers as one built by upserts', async () => {
    const { built, added } = await bothWays(batchesOf(directory(1_500, 7), 400));
    await expectSameAnswers(built, added);
  });

  it('keeps the last of documents sent twice within the rebuild', async () => {
    const docs = directory(1_500, 7);
    // The last batch repeats some documents with new text.
    const edited = docs
      .filter((_, i) => i % 50 === 0)
      .map((doc) => ({ ...doc, description: `${doc.description} renovated pantry` }));
    const built = new MemorySearchIndex();
    await built.rebuild(async (write) => {
      for (const batch of [...batchesOf(docs, 400), edited]) await write(batch);
    });
    // Upserts would leave the replaced documents behind as tombstones until a compaction, which
    // text statistics count: the same documents, each once, are what to compare with.
    const latest = new Map(docs.map((doc) => [doc.id, doc]));
    for (const doc of edited) latest.set(doc.id, doc);
    const added = new MemorySearchIndex();
    await added.upsert([...latest.values()]);
    await expectSameAnswers(built, added);
    // The replaced documents are searchable by their new text only once.
    const renovated = await built.search(query({ text: 'renovated', limit: 1000, facets: [] }));
    expect(renovated.total).toBe(edited.length);
  });

  it('lets other work run while it indexes a large batch', async () => {
    const docs = directory(3_000, 5);
    let done = false;
    let turns = 0;
    const turn = () => {
      turns++;
      if (!done) setImmediate(turn);
    };
    const index = new MemorySearchIndex();
    const rebuilt = index.rebuild(async (write) => {
      setImmediate(turn);
      // One batch: writing it yields nothing, so any turn taken is taken while indexing.
      await write(docs);
      turns = 0;
    });
    await rebuilt;
    done = true;
    expect(turns).toBeGreaterThan(0);
    expect(await index.count()).toBe(docs.length);
  });

  it('answers as one built by upserts after edits, removals and a compaction', async () => {
    const docs = directory(1_500, 11);
    const { built, added } = await bothWays(batchesOf(docs, 500));
    const random = seeded(99);
    // Agencies edit some services (their sites change) and add new ones.
    const edits = [3, 40, 41, 700, 1_499, 1_600, 1_601].map((i) => service(i, random, 1));
    const editedIds = edits.map((d) => d[0]?.serviceId ?? '');
    for (const index of [built, added]) {
      await index.replaceServices(editedIds, edits.flat());
    }
    await expectSameAnswers(built, added);
    // Removing two services in three passes the compaction threshold: both indexes compact.
    const removed = Array.from({ length: 1_000 }, (_, i) => `svc-${i * 3 + 1}`);
    for (const index of [built, added]) await index.removeServices(removed);
    await expectSameAnswers(built, added);
    const newcomer = service(5_000, random, 2);
    for (const index of [built, added]) await index.upsert(newcomer);
    await expectSameAnswers(built, added);
  });
});

describe('an index compacted', () => {
  it('holds its documents in place order afterwards, however they were added', async () => {
    // Services added by turns in two cities, one by one; then a third city's added and removed,
    // which compacts the index.
    const index = new MemorySearchIndex();
    for (let i = 0; i < 600; i++) {
      const city = cityAt(i % 2 === 0 ? 0 : 3);
      await index.upsert([
        buildSearchDocument({ id: `a-${i}`, serviceId: `a-${i}`, name: `pantry ${i}`, ...city }),
      ]);
    }
    const leaving = Array.from({ length: 1_200 }, (_, i) => `gone-${i}`);
    await index.upsert(
      leaving.map((id) => buildSearchDocument({ id, serviceId: id, ...cityAt(1) })),
    );
    await index.removeServices(leaving);
    // Map points that all fit come in slot order: one city's, then the other's.
    const result = await index.search(query({ points: 1_000, facets: [] }));
    const cities = (result.points ?? []).map((p) => p.latitude);
    expect(cities).toHaveLength(600);
    const changes = cities.filter((lat, i) => i > 0 && lat !== cities[i - 1]).length;
    expect(changes).toBe(1);
  });
});

describe("a radius's edge", () => {
  const EARTH_RADIUS_KM = 6371.0088;
  const DEG = Math.PI / 180;
  /** The point `km` from (lat, lng) on `bearing` degrees, on the sphere the engine measures on. */
  function destination(lat: number, lng: number, km: number, bearing: number) {
    const d = km / EARTH_RADIUS_KM;
    const phi = lat * DEG;
    const theta = bearing * DEG;
    const lat2 = Math.asin(
      Math.sin(phi) * Math.cos(d) + Math.cos(phi) * Math.sin(d) * Math.cos(theta),
    );
    const lng2 =
      lng * DEG +
      Math.atan2(
        Math.sin(theta) * Math.sin(d) * Math.cos(phi),
        Math.cos(d) - Math.sin(phi) * Math.sin(lat2),
      );
    return { latitude: lat2 / DEG, longitude: lng2 / DEG };
  }

  it('finds a site just inside the circle where it reaches furthest east, in every path', async () => {
    // Far north, a circle reaches further east than its radius over the degrees of its centre's
    // latitude: the easternmost point inside it lies past a box that forgets this, and here past
    // a grid line (cells are 0.1° wide).
    const radiusKm = 20;
    const latitude = 60;
    const longitude = -105 - 20 / (111.32 * Math.cos(latitude * DEG)) - 1e-5;
    let east = destination(latitude, longitude, radiusKm * 0.9995, 90);
    for (let bearing = 60; bearing <= 120; bearing += 0.01) {
      const p = destination(latitude, longitude, radiusKm * 0.9995, bearing);
      if (p.longitude > east.longitude) east = p;
    }
    expect(east.longitude).toBeGreaterThan(-105);
    const docs = [
      buildSearchDocument({ id: 'edge', serviceId: 'edge', name: 'edge pantry', ...east }),
      // Common words elsewhere, so a text search may test the place's cells instead of each match.
      ...Array.from({ length: 400 }, (_, i) =>
        buildSearchDocument({
          id: `near-${i}`,
          serviceId: `near-${i}`,
          name: `pantry ${i}`,
          latitude: latitude + ((i % 20) - 10) * 0.01,
          longitude: longitude + (Math.floor(i / 20) - 10) * 0.01,
        }),
      ),
    ];
    const index = new MemorySearchIndex();
    await index.rebuild(async (write) => write(docs));
    const near = { latitude, longitude, radiusKm };
    const found = async (text?: string) => {
      const result = await index.search(query({ near, text, limit: 1000, facets: [] }));
      return result.hits.some((hit) => hit.document.id === 'edge');
    };
    expect(await found()).toBe(true);
    // First sight, then the replayed match: each takes its own path to the place.
    for (const text of ['edge', 'edge', 'pantry', 'pantry']) expect(await found(text)).toBe(true);
  });
});
