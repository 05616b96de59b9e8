import type { DomainDeps } from '../deps.ts';
import { InvalidInputError } from '../errors.ts';
import { geocodeAddress } from '../geo/geocoder.ts';
import { findCity } from '../geo/place-labels.ts';
import { lookupPostalCode } from '../geo/postal-codes.ts';
import type { Location } from './records.ts';
import { normalizeStreet, parsePlace } from './street-address.ts';

/** A typed place resolved to a point, saying how it was found. */
export type ResolvedPlace = {
  latitude: number;
  longitude: number;
  /** What the point is: a site's address, a ZIP code, "Aurora, CO", or the geocoder's name. */
  label: string;
  /** True unless the point is the address itself (a ZIP's or city's centre is approximate). */
  approximate: boolean;
};

type Deps = Pick<DomainDeps, 'db' | 'settings' | 'logger'>;

/** A directory site's address, ready to compare with typed text. */
type SiteAddress = {
  street: string;
  city: string;
  state: string;
  postalCode: string;
  latitude: number;
  longitude: number;
  approximate: boolean;
  label: string;
  physical: boolean;
};

// FerretDB v1 has no text index, so matching an address is a scan: the sites' addresses are read
// once (coordinates and addresses only) and kept for a few minutes per database. A site edited
// meanwhile is matched at its old address until then; a retired site's address still places.
const SITE_CACHE_MS = 5 * 60_000;
const siteCache = new WeakMap<object, { at: number; sites: Promise<SiteAddress[]> }>();

async function loadSiteAddresses(deps: Deps): Promise<SiteAddress[]> {
  const docs = (await deps.db.models.Location.collection
    .find(
      {},
      { projection: { addresses: 1, latitude: 1, longitude: 1, coordinates_approximate: 1 } },
    )
    .toArray()) as unknown as Location[];
  const sites: SiteAddress[] = [];
  for (const doc of docs) {
    if (typeof doc.latitude !== 'number' || typeof doc.longitude !== 'number') continue;
    for (const address of doc.addresses ?? []) {
      sites.push({
        street: normalizeStreet(address.address_1),
        city: address.city.toLowerCase(),
        state: address.state_province.toUpperCase(),
        postalCode: address.postal_code.slice(0, 5),
        latitude: doc.latitude,
        longitude: doc.longitude,
        approximate: doc.coordinates_approximate === true,
        label: `${address.address_1}, ${address.city}, ${address.state_province} ${address.postal_code}`,
        physical: address.address_type !== 'postal',
      });
    }
  }
  return sites;
}

function siteAddresses(deps: Deps): Promise<SiteAddress[]> {
  const cached = siteCache.get(deps.db);
  if (cached && Date.now() - cached.at < SITE_CACHE_MS) return cached.sites;
  const sites = loadSiteAddresses(deps);
  siteCache.set(deps.db, { at: Date.now(), sites });
  sites.catch(() => siteCache.delete(deps.db));
  return sites;
}

/** The directory's own site at this street address (same ZIP or city when the text gives one). */
async function matchSiteAddress(deps: Deps, text: string): Promise<ResolvedPlace | null> {
  const parsed = parsePlace(text);
  if (!parsed.street) return null;
  const street = normalizeStreet(parsed.street);
  const city = parsed.city?.toLowerCase();
  const matches = (await siteAddresses(deps)).filter(
    (site) =>
      site.street === street &&
      (parsed.postalCode ? site.postalCode === parsed.postalCode : !city || site.city === city),
  );
  const site = matches.find((m) => m.physical) ?? matches[0];
  if (!site) return null;
  const { latitude, longitude, label, approximate } = site;
  return { latitude, longitude, label, approximate };
}

/** The directory's sites in a city of this name (and state, if given). */
async function directorySitesIn(
  deps: Deps,
  city: string,
  state: string | null,
): Promise<SiteAddress[]> {
  const name = city.toLowerCase();
  return (await siteAddresses(deps)).filter(
    (site) => site.city === name && (!state || site.state === state),
  );
}

/** The ZIP code or the city the text names, at its centre (approximate). */
async function matchPostalCodeOrCity(deps: Deps, text: string): Promise<ResolvedPlace | null> {
  const parsed = parsePlace(text);
  if (parsed.postalCode) {
    const zip = lookupPostalCode(parsed.postalCode);
    if (zip) {
      return {
        latitude: zip.latitude,
        longitude: zip.longitude,
        label: zip.postalCode,
        approximate: true,
      };
    }
  }
  if (!parsed.city || /\d/.test(parsed.city)) return null;
  // A city of the directory's own (Aurora, CO rather than the bigger Aurora, IL).
  const sites = await directorySitesIn(deps, parsed.city, parsed.state);
  const state = parsed.state ?? sites[0]?.state ?? null;
  const city = findCity(parsed.city, state);
  if (!city) return null;
  return {
    latitude: city.latitude,
    longitude: city.longitude,
    label: `${city.name}, ${city.state}`,
    approximate: true,
  };
}

async function geocode(deps: Deps, text: string): Promise<ResolvedPlace | null> {
  const url = deps.settings.geocoderUrl;
  if (!url) return null;
  try {
    const point = await geocodeAddress(url, text);
    return point ? { ...point, label: point.label || text } : null;
  } catch (error) {
    // The directory's own addresses and the ZIP table still answer most searches.
    deps.logger.warn({ area: 'geocoder', err: error }, 'geocoder unavailable; matching offline');
    return null;
  }
}

/**
 * Resolves a typed place (street address, city or ZIP code) to a point: a bare ZIP code from the
 * ZIP table; otherwise the GEOCODER_URL geocoder when set, then the directory's own site addresses,
 * then the ZIP code or city in the text. Throws InvalidInputError (at `path`) when nothing matches.
 */
export async function resolvePlace(
  deps: Deps,
  text: string,
  path = 'place',
): Promise<ResolvedPlace> {
  const trimmed = text.trim();
  const zipOnly = /^\d{5}(?:-\d{4})?$/.test(trimmed) ? lookupPostalCode(trimmed) : null;
  const found = zipOnly
    ? {
        latitude: zipOnly.latitude,
        longitude: zipOnly.longitude,
        label: zipOnly.postalCode,
        approximate: true,
      }
    : ((await geocode(deps, trimmed)) ??
      (await matchSiteAddress(deps, trimmed)) ??
      (await matchPostalCodeOrCity(deps, trimmed)));
  if (!found) {
    throw new InvalidInputError([
      {
        path,
        message:
          'No place matches this address. Check the house number and street, or give a city ' +
          'and state or a 5-digit ZIP code.',
      },
    ]);
  }
  return found;
}
