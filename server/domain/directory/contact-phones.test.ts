import { describe, expect, it } from 'vitest';
import { contactPhones } from './contact-phones.ts';
import type { Location, Phone } from './records.ts';

const phone = (number: string, extra: Partial<Phone> = {}): Phone => ({
  id: number,
  number,
  ...extra,
});
const site = (phones: Phone[]) => ({ phones }) as unknown as Location;

describe('contactPhones', () => {
  it('lists the service’s numbers, then its locations’, then its organization’s, each once', () => {
    const numbers = contactPhones(
      {
        phones: [phone('(303) 555-0100')],
        service_at_locations: [
          {
            id: 'sal',
            service_id: 's',
            location_id: 'l',
            phones: [phone('303-555-0101')],
            schedules: [],
            contacts: [],
          },
        ],
      },
      [site([phone('(303) 555-0102'), phone('303.555.0100')]), undefined],
      { phones: [phone('(303) 555-0103'), phone('(303) 555-0102')] },
    );
    expect(numbers.map((p) => [p.number, p.source])).toEqual([
      ['(303) 555-0100', 'SERVICE'],
      ['303-555-0101', 'SERVICE'],
      ['(303) 555-0102', 'LOCATION'],
      ['(303) 555-0103', 'ORGANIZATION'],
    ]);
  });

  it('keeps one number with two extensions apart, and gives nothing when nobody lists one', () => {
    const numbers = contactPhones(
      {
        phones: [phone('303 555 0100', { extension: 1 }), phone('303 555 0100', { extension: 2 })],
        service_at_locations: [],
      },
      [],
      null,
    );
    expect(numbers.map((p) => p.extension)).toEqual([1, 2]);
    expect(contactPhones({ phones: [], service_at_locations: [] }, [], null)).toEqual([]);
  });
});
