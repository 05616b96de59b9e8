import { describe, expect, it } from 'vitest';
import {
  emptyReferForm,
  endOfLocalDay,
  newIdempotencyKey,
  toCreateClientInput,
  toCreateReferralInput,
  toFindClientsInput,
  toRecordConsentInput,
  validateReferForm,
} from './refer-input';

const now = new Date(2026, 2, 3, 10, 0, 0);

describe('refer form → mutation inputs', () => {
  it('finds by phone first, else by name with date of birth', () => {
    expect(toFindClientsInput({ phone: ' 303-555-0100 ', name: 'Ana', dateOfBirth: '' })).toEqual({
      phone: '303-555-0100',
    });
    expect(
      toFindClientsInput({ phone: '', name: ' Ana Ruiz ', dateOfBirth: '1990-04-02' }),
    ).toEqual({ name: 'Ana Ruiz', dateOfBirth: '1990-04-02' });
    expect(toFindClientsInput({ phone: '', name: 'Ana Ruiz', dateOfBirth: '' })).toBeNull();
  });

  it('saves a new client with empty optional fields as null', () => {
    expect(
      toCreateClientInput({
        name: '  Ana   Ruiz ',
        dateOfBirth: '1990-04-02',
        phone: '',
        email: ' ana@example.org ',
        postalCode: '80205',
        address: ' 1437 Bannock St, Denver ',
        preferredLanguage: '',
      }),
    ).toEqual({
      name: 'Ana Ruiz',
      dateOfBirth: '1990-04-02',
      phone: null,
      email: 'ana@example.org',
      postalCode: '80205',
      address: '1437 Bannock St, Denver',
      preferredLanguage: null,
    });
  });

  it('records consent for the agency with the fields in a stable order and an end of day', () => {
    const input = toRecordConsentInput('client-1', 'agency-1', {
      method: 'VERBAL',
      givenBy: 'legal_guardian',
      fields: ['POSTAL_CODE', 'NAME', 'PHONE'],
      expiresOn: '2026-06-30',
    });
    expect(input).toEqual({
      clientId: 'client-1',
      agencyOrganizationId: 'agency-1',
      method: 'VERBAL',
      givenBy: 'legal_guardian',
      fields: ['NAME', 'PHONE', 'POSTAL_CODE'],
      expiresAt: endOfLocalDay('2026-06-30'),
    });
    expect(
      toRecordConsentInput('c', 'a', {
        method: 'WRITTEN',
        givenBy: 'client',
        fields: [],
        expiresOn: '',
      }).expiresAt,
    ).toBeNull();
  });

  it('writes the end of a day with the browser offset (UTC in tests)', () => {
    expect(endOfLocalDay('2026-06-30')).toBe('2026-06-30T23:59:59+00:00');
  });

  it('saves the referral as a draft (sent next) with the form key and unique needs', () => {
    const form = emptyReferForm(['food', 'food']);
    expect(
      toCreateReferralInput({
        clientId: 'c',
        consentId: 'k',
        serviceId: 's',
        idempotencyKey: 'key-1',
        referral: { ...form.referral, urgency: 'URGENT', note: '  call after 5  ' },
      }),
    ).toEqual({
      clientId: 'c',
      consentId: 'k',
      serviceId: 's',
      idempotencyKey: 'key-1',
      needs: ['food'],
      urgency: 'URGENT',
      note: 'call after 5',
      send: false,
    });
  });

  it('makes a different idempotency key per form', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});

describe('refer form validation', () => {
  it('starts with the service needs, name and phone shared, and asks for client and method', () => {
    const form = emptyReferForm(['food']);
    expect(form.consent.fields).toEqual(['NAME', 'PHONE']);
    expect(validateReferForm(form, now)).toEqual({
      client: 'refer.error.client',
      method: 'refer.error.method',
    });
  });

  it('checks a new client, the shared fields, the end date and the needs', () => {
    const form = emptyReferForm([]);
    const errors = validateReferForm(
      {
        ...form,
        clientMode: 'new',
        consent: { method: 'VERBAL', givenBy: 'client', fields: [], expiresOn: '2026-03-03' },
      },
      now,
    );
    expect(errors).toEqual({
      name: 'refer.error.name',
      dateOfBirth: 'refer.error.dateOfBirth',
      fields: 'refer.error.fields',
      expiresOn: 'refer.error.expires',
      needs: 'refer.error.needs',
    });
  });

  it('passes a complete form', () => {
    const form = emptyReferForm(['food']);
    expect(
      validateReferForm(
        {
          ...form,
          existingClientId: 'c1',
          consent: { ...form.consent, method: 'ELECTRONIC', expiresOn: '2026-03-04' },
        },
        now,
      ),
    ).toEqual({});
  });
});
