import type { ListingField, ListingValueInput, ServiceStatus } from '../../../generated/graphql';

/** The fields a suggestion form offers; the rest (eligibility rules, costs) need the agency. */
export const suggestableFields = [
  'NAME',
  'DESCRIPTION',
  'STATUS',
  'PHONES',
  'SCHEDULES',
  'LANGUAGES',
  'REQUIRED_DOCUMENTS',
] as const satisfies readonly ListingField[];
export type SuggestableField = (typeof suggestableFields)[number];

export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

export const serviceStatuses: ServiceStatus[] = [
  'ACTIVE',
  'TEMPORARILY_CLOSED',
  'INACTIVE',
  'DEFUNCT',
];

export type PhoneRow = { number: string; description: string };
export type HoursRow = { days: Weekday[]; opensAt: string; closesAt: string };

/** What the suggestion form shows, as text. */
export type SuggestionDraft = {
  field: SuggestableField;
  /** NAME and DESCRIPTION. */
  text: string;
  status: ServiceStatus;
  phones: PhoneRow[];
  hours: HoursRow[];
  /** LANGUAGES: comma-separated ISO codes; REQUIRED_DOCUMENTS: one per line. */
  list: string;
  note: string;
};

/** The listing as the detail page shows it, to start the form from. */
export type ShownService = {
  name: string;
  description: string;
  status: string;
  phones: ReadonlyArray<{ number: string; description: string | null }>;
  languages: ReadonlyArray<{ code: string }>;
  requiredDocuments: ReadonlyArray<string>;
};

const statusByStored: Record<string, ServiceStatus> = {
  active: 'ACTIVE',
  inactive: 'INACTIVE',
  defunct: 'DEFUNCT',
  'temporarily closed': 'TEMPORARILY_CLOSED',
};

/** A form for `field`, filled with what the listing says now (hours start from one blank row). */
export function draftFor(field: SuggestableField, service: ShownService): SuggestionDraft {
  return {
    field,
    text: field === 'DESCRIPTION' ? service.description : service.name,
    status: statusByStored[service.status] ?? 'ACTIVE',
    phones:
      service.phones.length > 0
        ? service.phones.map((p) => ({ number: p.number, description: p.description ?? '' }))
        : [{ number: '', description: '' }],
    hours: [{ days: [], opensAt: '', closesAt: '' }],
    list:
      field === 'LANGUAGES'
        ? service.languages.map((l) => l.code).join(', ')
        : service.requiredDocuments.join('\n'),
    note: '',
  };
}

function parts(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The `newValue` for the chosen field only, in `ListingValueInput`'s shape. */
export function toListingValue(draft: SuggestionDraft): ListingValueInput {
  switch (draft.field) {
    case 'NAME':
      return { name: draft.text.trim() };
    case 'DESCRIPTION':
      return { description: draft.text.trim() };
    case 'STATUS':
      return { status: draft.status };
    case 'PHONES':
      return {
        phones: draft.phones
          .filter((p) => p.number.trim())
          .map((p) => ({ number: p.number.trim(), description: p.description.trim() || null })),
      };
    case 'SCHEDULES':
      return {
        schedules: draft.hours.map((h) => ({
          freq: 'WEEKLY',
          byday: weekdays.filter((d) => h.days.includes(d)).join(','),
          opensAt: h.opensAt.trim() || null,
          closesAt: h.closesAt.trim() || null,
        })),
      };
    case 'LANGUAGES':
      return { languages: parts(draft.list, /[,\s]+/).map((code) => code.toLowerCase()) };
    case 'REQUIRED_DOCUMENTS':
      return { requiredDocuments: parts(draft.list, /\n/) };
  }
}

/**
 * The form's input id for an API issue path (`newValue.phones.1.number`,
 * `newValue.schedules.0.closesAt`, `note`); '' when no single input matches.
 */
export function suggestionFieldId(path: string): string {
  const [head, field, index, leaf] = path.split('.');
  if (head === 'note') return 'suggest-note';
  if (head !== 'newValue') return '';
  if (field === 'phones')
    return index === undefined ? 'suggest-phone-0-number' : `suggest-phone-${index}-number`;
  if (field === 'schedules') {
    if (index === undefined) return 'suggest-hours-0-days';
    const part = leaf === 'opensAt' || leaf === 'closesAt' ? leaf : 'days';
    return `suggest-hours-${index}-${part}`;
  }
  return 'suggest-value';
}

/** Issues grouped by input id ('' for those no input shows). */
export function issuesById(
  issues: ReadonlyArray<{ path: string; message: string }>,
): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const issue of issues) {
    const id = suggestionFieldId(issue.path);
    grouped[id] = [...(grouped[id] ?? []), issue.message];
  }
  return grouped;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A suggested value (JSON text in UpdateServiceInput's shape) in a line a person reads:
 * "303-555-0100 (front desk)", "MO,TU 09:00–17:00", "en, es".
 */
export function describeValue(json: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return JSON.stringify(value);
  return value
    .map((item) => {
      if (!isRecord(item)) return String(item);
      if (typeof item.number === 'string') {
        return typeof item.description === 'string' && item.description
          ? `${item.number} (${item.description})`
          : item.number;
      }
      if ('byday' in item || 'opensAt' in item) {
        const days = typeof item.byday === 'string' ? item.byday : '';
        const opens = typeof item.opensAt === 'string' ? item.opensAt : '?';
        const closes = typeof item.closesAt === 'string' ? item.closesAt : '?';
        return `${days} ${opens}–${closes}`.trim();
      }
      return JSON.stringify(item);
    })
    .join('; ');
}
