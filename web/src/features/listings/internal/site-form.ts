import type {
  CreateLocationInput,
  MyLocationsQuery,
  PhoneInput,
  UpdateLocationInput,
  UpdateOrganizationInput,
} from '../../../generated/graphql';
import { type FieldIssue, type PhoneRow, splitList } from './listing-form';

export type Site = MyLocationsQuery['myLocations']['edges'][number]['node'];

/** The site form's state: what the inputs show, as text. */
export type SiteForm = {
  name: string;
  address1: string;
  address2: string;
  city: string;
  stateProvince: string;
  postalCode: string;
  latitude: string;
  longitude: string;
  phones: PhoneRow[];
  /** One feature per line, such as "Step-free entrance". */
  accessibility: string;
  languages: string;
};

export const emptySiteForm: SiteForm = {
  name: '',
  address1: '',
  address2: '',
  city: '',
  stateProvince: '',
  postalCode: '',
  latitude: '',
  longitude: '',
  phones: [],
  accessibility: '',
  languages: '',
};

/**
 * The form for a site as stored. A site placed at its ZIP code's centre shows no coordinates, so
 * saving it again does not turn the estimate into a point someone seemed to give.
 */
export function toSiteForm(site: Site): SiteForm {
  const exact = !site.coordinatesApproximate;
  return {
    name: site.name ?? '',
    address1: site.address1 ?? '',
    address2: site.address2 ?? '',
    city: site.city ?? '',
    stateProvince: site.stateProvince ?? '',
    postalCode: site.postalCode ?? '',
    latitude: exact && site.latitude != null ? site.latitude.toString() : '',
    longitude: exact && site.longitude != null ? site.longitude.toString() : '',
    phones: site.phones.map((p) => ({
      number: p.number,
      description: p.description ?? '',
      type: p.type ?? '',
      extension: p.extension,
    })),
    accessibility: site.accessibility
      .map((a) => a.description ?? '')
      .filter(Boolean)
      .join('\n'),
    languages: site.languages.join(', '),
  };
}

function blank(text: string): string | null {
  const trimmed = text.trim();
  return trimmed ? trimmed : null;
}

function coordinate(
  text: string,
  path: 'latitude' | 'longitude',
  issues: FieldIssue[],
): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!trimmed) return null;
  const value = Number(trimmed);
  const limit = path === 'latitude' ? 90 : 180;
  if (!Number.isFinite(value)) {
    issues.push({ path, message: 'Enter a number.' });
    return null;
  }
  if (Math.abs(value) > limit) {
    issues.push({ path, message: `Enter a number between -${limit} and ${limit}.` });
    return null;
  }
  return value;
}

export function toPhoneInputs(phones: ReadonlyArray<PhoneRow>): PhoneInput[] {
  return phones
    .filter((p) => p.number.trim())
    .map((p) => ({
      number: p.number.trim(),
      description: blank(p.description),
      type: blank(p.type),
      extension: p.extension,
    }));
}

type SiteFields = Omit<CreateLocationInput, 'organizationId'>;

/**
 * The fields of a site form as the API takes them (create and update alike), or the issues that
 * stop it being sent, by the paths the API uses. Coordinates go only as a pair; without them the
 * server places the site at its ZIP code's centre. Accessibility lines keep the details and link
 * stored with the same description.
 */
export function toSiteFields(
  form: SiteForm,
  stored: Pick<Site, 'accessibility'> | null = null,
): { fields: SiteFields; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const required: Array<[keyof SiteForm & keyof SiteFields, string]> = [
    ['address1', 'Give the street address.'],
    ['city', 'Give the city.'],
    ['stateProvince', 'Give the state.'],
    ['postalCode', 'Give the ZIP code.'],
  ];
  for (const [key, message] of required) {
    if (!String(form[key]).trim()) issues.push({ path: key, message });
  }
  const latitude = coordinate(form.latitude, 'latitude', issues);
  const longitude = coordinate(form.longitude, 'longitude', issues);
  const hasLat = form.latitude.trim() !== '';
  const hasLng = form.longitude.trim() !== '';
  if (hasLat !== hasLng) {
    issues.push({
      path: hasLat ? 'longitude' : 'latitude',
      message: 'Give both latitude and longitude, or neither to place the site by its ZIP code.',
    });
  }
  const fields: SiteFields = {
    name: blank(form.name),
    address1: form.address1.trim(),
    address2: blank(form.address2),
    city: form.city.trim(),
    stateProvince: form.stateProvince.trim().toUpperCase(),
    postalCode: form.postalCode.trim(),
    ...(latitude != null && longitude != null ? { latitude, longitude } : {}),
    phones: toPhoneInputs(form.phones),
    accessibility: form.accessibility
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((description) => {
        const kept = stored?.accessibility.find((a) => a.description === description);
        return { description, details: kept?.details ?? null, url: kept?.url ?? null };
      }),
    languages: splitList(form.languages).map((code) => code.toLowerCase()),
  };
  return { fields, issues };
}

export function toCreateLocationInput(form: SiteForm): {
  input: CreateLocationInput;
  issues: FieldIssue[];
} {
  const { fields, issues } = toSiteFields(form);
  return { input: fields, issues };
}

export function toUpdateLocationInput(
  form: SiteForm,
  site: Site,
): { input: UpdateLocationInput; issues: FieldIssue[] } {
  const { fields, issues } = toSiteFields(form, site);
  return { input: { ...fields, locationId: site.id }, issues };
}

/** The site form's input id for an API issue path (`phones.0.number`, `languages.2`, …). */
export function fieldIdForSiteIssue(path: string): string | null {
  const [head, second] = path.split('.');
  switch (head) {
    case 'name':
    case 'address1':
    case 'address2':
    case 'city':
    case 'stateProvince':
    case 'postalCode':
    case 'latitude':
    case 'longitude':
    case 'languages':
    case 'accessibility':
      return `site-${head}`;
    case 'phones':
      return `site-phone-${second ?? 0}-number`;
    default:
      return null;
  }
}

/** The organization form's state. Phones are sent only once the person changed them. */
export type OrganizationForm = {
  name: string;
  description: string;
  email: string;
  website: string;
  phones: PhoneRow[];
  phonesChanged: boolean;
};

/** The updateOrganization input: "" clears email or website; a blank name is refused. */
export function toOrganizationInput(
  form: OrganizationForm,
  organizationId: string,
): { input: UpdateOrganizationInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (!form.name.trim()) issues.push({ path: 'name', message: 'Give the organization’s name.' });
  const email = form.email.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    issues.push({ path: 'email', message: 'Enter an email address such as name@example.org.' });
  }
  let website = form.website.trim();
  if (website && !/^[a-z][a-z0-9+.-]*:\/\//i.test(website)) website = `https://${website}`;
  const input: UpdateOrganizationInput = {
    organizationId,
    name: form.name.trim(),
    description: form.description.trim(),
    email,
    website,
    ...(form.phonesChanged ? { phones: toPhoneInputs(form.phones) } : {}),
  };
  return { input, issues };
}

/** The organization form's input id for an API issue path. */
export function fieldIdForOrganizationIssue(path: string): string | null {
  const [head, second] = path.split('.');
  switch (head) {
    case 'name':
    case 'description':
    case 'email':
    case 'website':
      return `organization-${head}`;
    case 'phones':
      return `organization-phone-${second ?? 0}-number`;
    default:
      return null;
  }
}
