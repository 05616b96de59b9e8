import { describe, expect, it } from 'vitest';
import { costKinds } from '../server/domain/directory/cost-kinds.ts';
import type { DirectoryBundle } from '../server/domain/directory/records.ts';
import { buildSearchDocuments } from '../server/domain/directory/search-documents.ts';
import type { ServiceGraph } from '../server/domain/directory/stored.ts';
import { flattenEligibility } from '../server/domain/eligibility/flatten.ts';
import { readSource } from '../server/importers/read-source.ts';
import { demoDatasetPath } from './generate.ts';

/** The committed demo directory as the importer reads it, with each service's graph. */
async function demoGraphs(): Promise<{ bundle: DirectoryBundle; graphs: ServiceGraph[] }> {
  const { bundle } = await readSource(demoDatasetPath);
  const organizations = new Map(bundle.organizations.map((o) => [o.id, o]));
  const locations = new Map(bundle.locations.map((l) => [l.id, l]));
  const terms = new Map(bundle.taxonomyTerms.map((t) => [t.id, t]));
  const graphs = bundle.services.map((service) => ({
    service: {
      ...service,
      service_at_locations: bundle.serviceAtLocations.filter((s) => s.service_id === service.id),
    },
    organization: organizations.get(service.organization_id) ?? null,
    locations,
    terms,
    acceptsReferrals: false,
  }));
  return { bundle, graphs };
}

const loaded = demoGraphs();
const now = new Date('2026-03-10T15:00:00Z');

describe('the demo directory says nothing that contradicts itself', () => {
  it('is never free and paid, unless its fee text says which part costs', async () => {
    const { graphs } = await loaded;
    expect(graphs.length).toBeGreaterThan(1000);
    const contradictions = graphs
      .filter(({ service }) => {
        const kinds = costKinds(service);
        if (!kinds.includes('FREE') || !kinds.includes('FEE')) return false;
        // "$45 per household for the class; counseling is free" says who pays what.
        return !/[;,]|\bfor\b/.test(service.fees_description ?? '');
      })
      .map(({ service }) => `${service.name}: ${service.fees_description}`);
    expect(contradictions).toEqual([]);
    const slidingAndFee = graphs.filter(({ service }) => {
      const kinds = costKinds(service);
      return kinds.includes('SLIDING_SCALE') && kinds.includes('FEE');
    });
    expect(slidingAndFee).toEqual([]);
  });

  it('gives a phone number wherever it says to call', async () => {
    const { graphs } = await loaded;
    const saysCall = graphs.filter(({ service }) =>
      /\b(call|phone)\b/i.test(service.application_process ?? ''),
    );
    expect(saysCall.length).toBeGreaterThan(100);
    const noPhone = saysCall
      .filter(({ service, organization, locations }) => {
        const sitePhones = service.service_at_locations.flatMap(
          (link) => locations.get(link.location_id)?.phones ?? [],
        );
        return service.phones.length + (organization?.phones.length ?? 0) + sitePhones.length === 0;
      })
      .map(({ service }) => service.name);
    expect(noPhone).toEqual([]);
  });

  it('states the same ages in words as in the rules eligibility is checked with', async () => {
    const { graphs } = await loaded;
    const mismatched = graphs.flatMap(({ service }) => {
      const text = service.eligibility?.description ?? service.eligibility_description ?? '';
      const { minAge, maxAge } = flattenEligibility(service);
      const range = /\bages? (\d+) to (\d+)\b/i.exec(text);
      const older = /\b(\d+) and older\b/i.exec(text);
      const under = /\b(\d+) and under\b/i.exec(text);
      const wrong =
        (range && (minAge !== Number(range[1]) || maxAge !== Number(range[2]))) ||
        (older && minAge !== Number(older[1])) ||
        (under && maxAge !== Number(under[1]));
      return wrong ? [`${service.name}: "${text}" (min ${minAge}, max ${maxAge})`] : [];
    });
    expect(mismatched).toEqual([]);
  });

  it('shows the same hours on a result card (any site) as on the detail page (first site)', async () => {
    const { graphs } = await loaded;
    const differing = graphs
      .filter((graph) => {
        const docs = buildSearchDocuments(graph, now, 72);
        const [first, ...rest] = docs.map((d) =>
          JSON.stringify([d.hoursKnown, d.weeklyHours, d.datedHours, d.closedDates, d.timezone]),
        );
        return rest.some((hours) => hours !== first);
      })
      .map(({ service }) => service.name);
    expect(differing).toEqual([]);
  });
});
