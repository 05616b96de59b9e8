import type { Location, Organization, Phone, ServiceAtLocation } from './records.ts';
import type { StoredService } from './stored.ts';

/** Where a phone number comes from: HSDS puts phones on services, their sites, locations and organizations. */
export type PhoneSource = 'SERVICE' | 'LOCATION' | 'ORGANIZATION';

/** A number to call about a service, with what it belongs to. */
export type ContactPhone = {
  number: string;
  extension: number | null;
  type: string | null;
  description: string | null;
  source: PhoneSource;
};

function digits(phone: Pick<Phone, 'number' | 'extension'>): string {
  return `${phone.number.replace(/\D/g, '')}x${phone.extension ?? ''}`;
}

/**
 * The numbers to call about a service, most specific first: the service's own (and its sites'),
 * then its locations', then its organization's; one entry per number. Pure.
 */
export function contactPhones(
  service: Pick<StoredService, 'phones'> & { service_at_locations: ServiceAtLocation[] },
  locations: ReadonlyArray<Location | undefined>,
  organization: Pick<Organization, 'phones'> | null,
): ContactPhone[] {
  const groups: Array<[PhoneSource, Phone[]]> = [
    ['SERVICE', [...service.phones, ...service.service_at_locations.flatMap((l) => l.phones)]],
    ['LOCATION', locations.flatMap((l) => l?.phones ?? [])],
    ['ORGANIZATION', organization?.phones ?? []],
  ];
  const seen = new Set<string>();
  const out: ContactPhone[] = [];
  for (const [source, phones] of groups) {
    for (const phone of phones) {
      const key = digits(phone);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        number: phone.number,
        extension: phone.extension ?? null,
        type: phone.type ?? null,
        description: phone.description ?? null,
        source,
      });
    }
  }
  return out;
}
