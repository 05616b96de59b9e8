import type {
  CapacityStatus,
  EditableServiceQuery,
  ScheduleInput,
  ServiceStatus,
  UpdateServiceInput,
} from '../../../generated/graphql';

import type { ListingTranslate } from './wording';

type Editable = EditableServiceQuery['editableService'];

export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

export type HoursRow = {
  days: Weekday[];
  opensAt: string;
  closesAt: string;
  description: string;
  validFrom: string;
  validTo: string;
};
export type ClosureRow = { validFrom: string; validTo: string; description: string };
export type PhoneRow = {
  number: string;
  description: string;
  type: string;
  extension: number | null;
};
export type CostRow = {
  option: string;
  amount: string;
  currency: string;
  amountDescription: string;
  validFrom: string | null;
  validTo: string | null;
};

/** The editor's state: what the inputs show, as text. */
export type ListingForm = {
  name: string;
  description: string;
  status: ServiceStatus;
  phones: PhoneRow[];
  hours: HoursRow[];
  closures: ClosureRow[];
  /** Schedules the form does not edit (monthly ones); sent back unchanged. */
  otherSchedules: ScheduleInput[];
  minAge: string;
  maxAge: string;
  incomeLimit: string;
  postalCodes: string;
  counties: string;
  states: string;
  genders: string[];
  veteranOnly: boolean;
  eligibilityDescription: string;
  documentsRequired: string[];
  languages: string;
  costs: CostRow[];
  requiredDocuments: string;
};

/** What each section of the listing form gets: the form, its errors by input id, a way to change it. */
export type ListingSectionProps = {
  form: ListingForm;
  errors: Record<string, string[]>;
  onChange: (change: Partial<ListingForm>) => void;
  w: ListingTranslate;
};

export type CapacityForm = {
  status: CapacityStatus | '';
  count: string;
  unit: string;
  note: string;
};

export type FieldIssue = { path: string; message: string };

const statusByStored: Record<string, ServiceStatus> = {
  active: 'ACTIVE',
  inactive: 'INACTIVE',
  defunct: 'DEFUNCT',
  'temporarily closed': 'TEMPORARILY_CLOSED',
};

function isWeekday(value: string): value is Weekday {
  return (weekdays as readonly string[]).includes(value);
}

/** Splits "a, b\nc" into trimmed, non-empty parts. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The form for a listing as stored. */
export function toListingForm(listing: Editable): ListingForm {
  const hours: HoursRow[] = [];
  const closures: ClosureRow[] = [];
  const otherSchedules: ScheduleInput[] = [];
  for (const s of listing.schedules) {
    const days = (s.byday ?? '').split(',').filter(isWeekday);
    if (s.closed) {
      closures.push({
        validFrom: s.validFrom ?? '',
        validTo: s.validTo ?? '',
        description: s.description ?? '',
      });
    } else if (s.freq === 'WEEKLY' && (s.interval ?? 1) === 1 && days.length > 0) {
      hours.push({
        days,
        opensAt: s.opensAt ?? '',
        closesAt: s.closesAt ?? '',
        description: s.description ?? '',
        validFrom: s.validFrom ?? '',
        validTo: s.validTo ?? '',
      });
    } else {
      otherSchedules.push({ ...s });
    }
  }
  const e = listing.eligibility;
  return {
    name: listing.name,
    description: listing.description,
    status: statusByStored[listing.status] ?? 'ACTIVE',
    phones: listing.phones.map((p) => ({
      number: p.number,
      description: p.description ?? '',
      type: p.type ?? '',
      extension: p.extension,
    })),
    hours,
    closures,
    otherSchedules,
    minAge: e?.minAge?.toString() ?? '',
    maxAge: e?.maxAge?.toString() ?? '',
    incomeLimit: e?.incomeLimitFplPercent?.toString() ?? '',
    postalCodes: e?.postalCodes.join(', ') ?? '',
    counties: e?.counties.join(', ') ?? '',
    states: e?.states.join(', ') ?? '',
    genders: e?.genders ?? [],
    veteranOnly: e?.veteranOnly ?? false,
    eligibilityDescription: e?.description ?? '',
    documentsRequired: e?.documentsRequired ?? [],
    languages: listing.languages.join(', '),
    costs: listing.costs.map((c) => ({
      option: c.option ?? '',
      amount: c.amount?.toString() ?? '',
      currency: c.currency ?? '',
      amountDescription: c.amountDescription ?? '',
      validFrom: c.validFrom,
      validTo: c.validTo,
    })),
    requiredDocuments: listing.requiredDocuments.join('\n'),
  };
}

function blank(text: string): string | null {
  const trimmed = text.trim();
  return trimmed ? trimmed : null;
}

function number(
  text: string,
  path: string,
  issues: FieldIssue[],
  options: { whole: boolean },
): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || (options.whole && !Number.isInteger(value))) {
    issues.push({ path, message: options.whole ? 'Enter a whole number.' : 'Enter a number.' });
    return null;
  }
  return value;
}

/**
 * The updateService input for a form (every field, lists whole), or the issues that stop it
 * being sent, by the same paths the API uses.
 */
export function toUpdateInput(
  form: ListingForm,
  serviceId: string,
  expectedLastModified: string | null,
): { input: UpdateServiceInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const minAge = number(form.minAge, 'eligibility.minAge', issues, { whole: true });
  const maxAge = number(form.maxAge, 'eligibility.maxAge', issues, { whole: true });
  const incomeLimit = number(form.incomeLimit, 'eligibility.incomeLimitFplPercent', issues, {
    whole: false,
  });
  const costs = form.costs.map((c, i) => ({
    option: blank(c.option),
    amount: number(c.amount, `costs.${i}.amount`, issues, { whole: false }),
    currency: blank(c.currency)?.toUpperCase() ?? null,
    amountDescription: blank(c.amountDescription),
    validFrom: c.validFrom,
    validTo: c.validTo,
  }));
  const schedules: ScheduleInput[] = [
    ...form.hours.map((h) => ({
      freq: 'WEEKLY',
      byday: weekdays.filter((d) => h.days.includes(d)).join(','),
      opensAt: blank(h.opensAt),
      closesAt: blank(h.closesAt),
      description: blank(h.description),
      validFrom: blank(h.validFrom),
      validTo: blank(h.validTo),
    })),
    ...form.closures.map((c) => ({
      closed: true,
      validFrom: blank(c.validFrom),
      validTo: blank(c.validTo) ?? blank(c.validFrom),
      description: blank(c.description),
    })),
    ...form.otherSchedules,
  ];
  form.hours.forEach((h, i) => {
    if (h.days.length === 0) {
      issues.push({ path: `schedules.${i}.byday`, message: 'Choose at least one day.' });
    }
  });
  const postalCodes = splitList(form.postalCodes);
  const counties = splitList(form.counties);
  const states = splitList(form.states).map((s) => s.toUpperCase());
  const input: UpdateServiceInput = {
    serviceId,
    expectedLastModified,
    name: form.name.trim(),
    description: form.description.trim(),
    status: form.status,
    phones: form.phones
      .filter((p) => p.number.trim())
      .map((p) => ({
        number: p.number.trim(),
        description: blank(p.description),
        type: blank(p.type),
        extension: p.extension,
      })),
    schedules,
    eligibility: {
      minAge,
      maxAge,
      incomeLimitFplPercent: incomeLimit,
      residency:
        postalCodes.length + counties.length + states.length > 0
          ? { postalCodes, counties, states }
          : null,
      genders: form.genders.length > 0 ? form.genders : null,
      veteranOnly: form.veteranOnly || null,
      documentsRequired: form.documentsRequired.length > 0 ? form.documentsRequired : null,
      description: blank(form.eligibilityDescription),
    },
    languages: splitList(form.languages).map((code) => code.toLowerCase()),
    costs,
    requiredDocuments: form.requiredDocuments
      .split('\n')
      .map((d) => d.trim())
      .filter(Boolean),
  };
  return { input, issues };
}

/**
 * The editor's input id for an API issue path: `schedules.3.closesAt` names the closure or the
 * hours row it came from, `languages.0` the languages box. Null when no input matches.
 */
export function fieldIdForIssue(path: string, form: Pick<ListingForm, 'hours' | 'closures'>) {
  const [head, second, third] = path.split('.');
  switch (head) {
    case 'name':
    case 'description':
    case 'status':
    case 'languages':
    case 'requiredDocuments':
      return `listing-${head}`;
    case 'phones':
      return `listing-phone-${second ?? 0}-number`;
    case 'costs':
      return `listing-cost-${second ?? 0}-${third === 'currency' ? 'currency' : 'amount'}`;
    case 'eligibility': {
      const field = second === 'residency' ? third : second;
      const ids: Record<string, string> = {
        minAge: 'listing-min-age',
        maxAge: 'listing-max-age',
        incomeLimitFplPercent: 'listing-income-limit',
        postalCodes: 'listing-postal-codes',
        counties: 'listing-counties',
        states: 'listing-states',
        description: 'listing-eligibility-description',
      };
      return (field && ids[field]) ?? 'listing-eligibility-description';
    }
    case 'schedules': {
      const index = Number(second);
      if (!Number.isInteger(index)) return null;
      if (index < form.hours.length) {
        const field = third === 'opensAt' || third === 'closesAt' ? third : 'days';
        return `listing-hours-${index}-${field}`;
      }
      const closure = index - form.hours.length;
      if (closure < form.closures.length) {
        return `listing-closure-${closure}-${third === 'validTo' ? 'to' : 'from'}`;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Issues grouped by input id; those no input shows are kept under '' for a summary. */
export function issuesByField(
  issues: ReadonlyArray<FieldIssue>,
  form: Pick<ListingForm, 'hours' | 'closures'>,
): Record<string, string[]> {
  return groupIssues(issues, (path) => fieldIdForIssue(path, form));
}

/** Issues grouped by the input id `idFor` gives their path; those it cannot place under ''. */
export function groupIssues(
  issues: ReadonlyArray<FieldIssue>,
  idFor: (path: string) => string | null,
): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const issue of issues) {
    const id = idFor(issue.path) ?? '';
    grouped[id] = [...(grouped[id] ?? []), issue.message];
  }
  return grouped;
}

/** The setServiceCapacity input, or an issue when the count is not a whole number. */
export function toCapacityInput(
  form: CapacityForm,
  serviceId: string,
): {
  input: {
    serviceId: string;
    status: CapacityStatus;
    count: number | null;
    unit: string | null;
    note: string | null;
  } | null;
  issues: FieldIssue[];
} {
  const issues: FieldIssue[] = [];
  if (!form.status) issues.push({ path: 'status', message: 'Choose what you can offer now.' });
  const count = number(form.count, 'count', issues, { whole: true });
  if (issues.length > 0 || !form.status) return { input: null, issues };
  return {
    input: {
      serviceId,
      status: form.status,
      count,
      unit: blank(form.unit),
      note: blank(form.note),
    },
    issues,
  };
}
