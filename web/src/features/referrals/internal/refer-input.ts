import type {
  ConsentField,
  ConsentMethod,
  CreateClientInput,
  CreateReferralInput,
  FindClientsInput,
  RecordConsentInput,
  ReferralUrgency,
} from '../../../generated/graphql';
import type { MessageKey } from '../../../lib/i18n';

export const consentMethods: readonly ConsentMethod[] = ['VERBAL', 'WRITTEN', 'ELECTRONIC'];

/** Who may give consent, by role only (the API never stores a representative's name). */
export const consentGivers = [
  'client',
  'parent',
  'legal_guardian',
  'caregiver',
  'authorized_representative',
  'power_of_attorney',
] as const;

export const consentFields: readonly ConsentField[] = [
  'NAME',
  'PHONE',
  'EMAIL',
  'DATE_OF_BIRTH',
  'POSTAL_CODE',
  'ADDRESS',
  'PREFERRED_LANGUAGE',
  'HOUSEHOLD_SIZE',
  'ANNUAL_INCOME',
  'NOTES',
];

/** What the agency needs to reach the client, checked to start with. */
export const defaultConsentFields: ConsentField[] = ['NAME', 'PHONE'];

export const urgencies: readonly ReferralUrgency[] = ['ROUTINE', 'URGENT', 'EMERGENCY'];

export type ClientSearch = { phone: string; name: string; dateOfBirth: string };

export type NewClientDraft = {
  name: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  postalCode: string;
  /** Street address; the client's searches start from it. */
  address: string;
  preferredLanguage: string;
};

export type ConsentDraft = {
  method: ConsentMethod | '';
  givenBy: string;
  fields: ConsentField[];
  /** YYYY-MM-DD, or '' for no expiry. */
  expiresOn: string;
};

export type ReferDraft = {
  needs: string[];
  urgency: ReferralUrgency;
  note: string;
};

export type ReferFormState = {
  clientMode: 'existing' | 'new';
  existingClientId: string | null;
  newClient: NewClientDraft;
  consent: ConsentDraft;
  referral: ReferDraft;
};

export function emptyReferForm(needs: string[]): ReferFormState {
  return {
    clientMode: 'existing',
    existingClientId: null,
    newClient: {
      name: '',
      dateOfBirth: '',
      phone: '',
      email: '',
      postalCode: '',
      address: '',
      preferredLanguage: '',
    },
    consent: { method: '', givenBy: 'client', fields: [...defaultConsentFields], expiresOn: '' },
    referral: { needs, urgency: 'ROUTINE', note: '' },
  };
}

function optional(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A phone, or a name with a date of birth (the API matches exactly); null when neither is whole. */
export function toFindClientsInput(search: ClientSearch): FindClientsInput | null {
  const phone = optional(search.phone);
  if (phone) return { phone };
  const name = optional(search.name);
  const dateOfBirth = optional(search.dateOfBirth);
  if (name && dateOfBirth) return { name, dateOfBirth };
  return null;
}

export function toCreateClientInput(draft: NewClientDraft): CreateClientInput {
  return {
    name: draft.name.trim().replace(/\s+/g, ' '),
    dateOfBirth: draft.dateOfBirth,
    phone: optional(draft.phone),
    email: optional(draft.email),
    postalCode: optional(draft.postalCode),
    address: optional(draft.address),
    preferredLanguage: optional(draft.preferredLanguage),
  };
}

function pad(n: number): string {
  return String(Math.abs(n)).padStart(2, '0');
}

/** The last second of a YYYY-MM-DD day in this browser's time zone, with its UTC offset. */
export function endOfLocalDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(y, m - 1, d, 23, 59, 59);
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date}T23:59:59${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

export function toRecordConsentInput(
  clientId: string,
  agencyOrganizationId: string,
  consent: ConsentDraft,
): RecordConsentInput {
  if (consent.method === '') throw new Error('consent method missing');
  return {
    clientId,
    agencyOrganizationId,
    method: consent.method,
    givenBy: consent.givenBy,
    fields: consentFields.filter((f) => consent.fields.includes(f)),
    expiresAt: consent.expiresOn ? endOfLocalDay(consent.expiresOn) : null,
  };
}

export function toCreateReferralInput(args: {
  clientId: string;
  consentId: string;
  serviceId: string;
  idempotencyKey: string;
  referral: ReferDraft;
}): CreateReferralInput {
  return {
    clientId: args.clientId,
    consentId: args.consentId,
    serviceId: args.serviceId,
    idempotencyKey: args.idempotencyKey,
    needs: [...new Set(args.referral.needs)],
    urgency: args.referral.urgency,
    note: optional(args.referral.note),
    // Saved as a draft first and then sent, so a send that fails leaves a draft to resume.
    send: false,
  };
}

export type ReferFormErrors = Partial<
  Record<
    'client' | 'name' | 'dateOfBirth' | 'method' | 'fields' | 'expiresOn' | 'needs',
    MessageKey
  >
>;

/** Today as YYYY-MM-DD in this browser's time zone. */
export function localToday(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Problems a person can fix before anything is sent, keyed by the field they belong to. */
export function validateReferForm(state: ReferFormState, now: Date): ReferFormErrors {
  const errors: ReferFormErrors = {};
  if (state.clientMode === 'existing') {
    if (!state.existingClientId) errors.client = 'refer.error.client';
  } else {
    if (!state.newClient.name.trim()) errors.name = 'refer.error.name';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(state.newClient.dateOfBirth)) {
      errors.dateOfBirth = 'refer.error.dateOfBirth';
    }
  }
  if (state.consent.method === '') errors.method = 'refer.error.method';
  if (state.consent.fields.length === 0) errors.fields = 'refer.error.fields';
  if (state.consent.expiresOn && state.consent.expiresOn <= localToday(now)) {
    errors.expiresOn = 'refer.error.expires';
  }
  if (state.referral.needs.length === 0) errors.needs = 'refer.error.needs';
  return errors;
}

/** A key for createReferral made once per form: a retry or a double click sends the same one. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
