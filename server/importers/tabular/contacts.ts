import { countryCode } from '../text.ts';
import { add, type ParentOf, type TabularRead } from './joins.ts';
import { get, originOf } from './tables.ts';

/** Reads addresses (of locations), contacts and phones, each onto its parent record. */
export function readContactDetails({ ctx, table, childIds }: TabularRead, parentOf: ParentOf) {
  for (const [name, addressType] of [
    ['physicalAddresses', 'physical'],
    ['postalAddresses', 'postal'],
    ['addresses', null],
  ] as const) {
    const t = table(name);
    t.rows.forEach((row, i) => {
      const parent = parentOf(t, i, row, 'address', ['location']);
      if (!parent) return;
      const extraLines = [get(row, 'address_3'), get(row, 'address_4')].filter(Boolean).join(', ');
      add(parent.draft, 'addresses', originOf(t, i, row), {
        id: childIds.id(t, row, 'address', parent.key),
        attention: get(row, 'attention'),
        address_1: get(row, 'address_1') ?? '',
        address_2: [get(row, 'address_2'), extraLines].filter(Boolean).join(', ') || null,
        city: get(row, 'city') ?? '',
        region: get(row, 'region'),
        // 1.x exports pad codes ("FL ") and leave country as spaces.
        state_province: get(row, 'state_province')?.toUpperCase() ?? '',
        postal_code: get(row, 'postal_code') ?? '',
        country: countryCode(row.country),
        address_type: addressType ?? get(row, 'address_type')?.toLowerCase() ?? 'physical',
      });
    });
  }

  // Contacts before phones, so phones.csv rows with a contact_id can join them.
  const contacts = new Map<string, Record<string, unknown>>();
  const contactsTable = table('contacts');
  let shortContactPhones = 0;
  contactsTable.rows.forEach((row, i) => {
    const parent = parentOf(contactsTable, i, row, 'contact', [
      'service',
      'service_at_location',
      'location',
      'organization',
    ]);
    if (!parent) return;
    const id = childIds.id(contactsTable, row, 'contact', parent.key);
    const phones: Array<Record<string, unknown>> = [];
    // Some 1.x exports split contact phones into area code + number + extension columns; the
    // Miami export kept only the last four digits in phone_number, which is no phone number.
    const digits = `${get(row, 'phone_areacode') ?? ''}${get(row, 'phone_number') ?? ''}`.replace(
      /\D/g,
      '',
    );
    if (digits.length >= 10) {
      const ext = Number(get(row, 'phone_extension'));
      phones.push({
        id: ctx.id('phone', `${id}/contact-phone`),
        number: `${digits.slice(0, -7)}-${digits.slice(-7, -4)}-${digits.slice(-4)}`,
        extension: Number.isFinite(ext) && ext > 0 ? ext : null,
      });
    } else if (digits.length > 0) shortContactPhones += 1;
    const value = {
      id,
      name: get(row, 'name'),
      title: get(row, 'title'),
      department: get(row, 'department'),
      email: get(row, 'email'),
      phones,
    };
    const sourceId = get(row, 'id');
    if (sourceId) contacts.set(sourceId, value);
    add(parent.draft, 'contacts', originOf(contactsTable, i, row), value);
  });
  if (shortContactPhones > 0) {
    ctx.warn(
      { file: contactsTable.file, row: null, sourceId: null },
      'contact',
      'phone_number',
      `${shortContactPhones} contact phone numbers have fewer than 10 digits with their area code and were left out.`,
    );
  }

  const phonesTable = table('phones');
  phonesTable.rows.forEach((row, i) => {
    const o = originOf(phonesTable, i, row);
    const extRaw = get(row, 'extension');
    const ext = extRaw && /^\d+$/.test(extRaw) ? Number(extRaw) : null;
    const description =
      [get(row, 'description'), extRaw && ext == null ? `ext. ${extRaw}` : null]
        .filter(Boolean)
        .join('; ') || null;
    const contactRef = get(row, 'contact_id');
    const contact = contactRef ? contacts.get(contactRef) : undefined;
    const value = {
      id: '',
      number: get(row, 'number') ?? '',
      extension: ext,
      type: get(row, 'type'),
      description,
    };
    if (contact && Array.isArray(contact.phones)) {
      value.id = childIds.id(phonesTable, row, 'phone', `contact/${contactRef}`);
      contact.phones.push(value);
      return;
    }
    // Miami's rows name the service, location and service-at-location at once. Child rows go
    // to the first parent named in the order service, location/service-at-location,
    // organization: the service is where a coordinator looks, and one owner avoids copies.
    const parent = parentOf(phonesTable, i, row, 'phone', [
      'service',
      'location',
      'service_at_location',
      'organization',
    ]);
    if (!parent) return;
    value.id = childIds.id(phonesTable, row, 'phone', parent.key);
    add(parent.draft, 'phones', o, value);
  });
}
