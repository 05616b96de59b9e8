import { describe, expect, it } from 'vitest';
import { groupIssues } from './listing-form';
import {
  emptySiteForm,
  fieldIdForOrganizationIssue,
  fieldIdForSiteIssue,
  type Site,
  toCreateLocationInput,
  toOrganizationInput,
  toSiteForm,
  toUpdateLocationInput,
} from './site-form';

const site: Site = {
  id: 'loc-1',
  name: 'Eastside Pantry',
  description: null,
  address1: '100 Main St',
  address2: null,
  city: 'Denver',
  region: null,
  stateProvince: 'CO',
  postalCode: '80205',
  latitude: 39.76,
  longitude: -104.97,
  coordinatesApproximate: true,
  timeZone: 'America/Denver',
  languages: ['en', 'es'],
  retiredAt: null,
  phones: [{ number: '303-555-0100', extension: null, type: 'voice', description: 'Front desk' }],
  accessibility: [
    { description: 'Step-free entrance', details: 'Ramp on 1st Ave', url: null },
    { description: 'Elevator', details: null, url: null },
  ],
};

describe('site form', () => {
  it('shows no coordinates for a site placed at its ZIP centre, and sends none back', () => {
    const form = toSiteForm(site);
    expect(form.latitude).toBe('');
    expect(form.longitude).toBe('');
    expect(form.accessibility).toBe('Step-free entrance\nElevator');
    expect(form.languages).toBe('en, es');
    const { input, issues } = toUpdateLocationInput(form, site);
    expect(issues).toEqual([]);
    expect(input).not.toHaveProperty('latitude');
    expect(input).not.toHaveProperty('longitude');
    expect(input.locationId).toBe('loc-1');
    // The details kept with an unchanged accessibility line go back with it.
    expect(input.accessibility?.[0]).toEqual({
      description: 'Step-free entrance',
      details: 'Ramp on 1st Ave',
      url: null,
    });
  });

  it('shows and sends the coordinates of a site placed exactly', () => {
    const form = toSiteForm({ ...site, coordinatesApproximate: false });
    expect(form.latitude).toBe('39.76');
    const { input } = toUpdateLocationInput(form, site);
    expect(input.latitude).toBe(39.76);
    expect(input.longitude).toBe(-104.97);
  });

  it('creates a site from an address with only its ZIP code to place it', () => {
    const { input, issues } = toCreateLocationInput({
      ...emptySiteForm,
      address1: ' 200 Colfax Ave ',
      city: 'Denver',
      stateProvince: 'co',
      postalCode: '80204',
      languages: 'EN, vi',
      phones: [
        { number: ' 303-555-0111 ', description: '', type: '', extension: null },
        { number: '  ', description: 'empty', type: '', extension: null },
      ],
    });
    expect(issues).toEqual([]);
    expect(input).toEqual({
      name: null,
      address1: '200 Colfax Ave',
      address2: null,
      city: 'Denver',
      stateProvince: 'CO',
      postalCode: '80204',
      phones: [{ number: '303-555-0111', description: null, type: null, extension: null }],
      accessibility: [],
      languages: ['en', 'vi'],
    });
  });

  it('names missing address fields and coordinates that are not a pair or out of range', () => {
    const { issues } = toCreateLocationInput({ ...emptySiteForm, latitude: '95' });
    expect(issues).toEqual([
      { path: 'address1', message: 'Give the street address.' },
      { path: 'city', message: 'Give the city.' },
      { path: 'stateProvince', message: 'Give the state.' },
      { path: 'postalCode', message: 'Give the ZIP code.' },
      { path: 'latitude', message: 'Enter a number between -90 and 90.' },
      {
        path: 'longitude',
        message: 'Give both latitude and longitude, or neither to place the site by its ZIP code.',
      },
    ]);
    const { issues: text } = toCreateLocationInput({
      ...emptySiteForm,
      address1: 'a',
      city: 'b',
      stateProvince: 'CO',
      postalCode: '80204',
      latitude: 'north',
      longitude: '-104.9',
    });
    expect(text).toEqual([{ path: 'latitude', message: 'Enter a number.' }]);
  });

  it('maps API issue paths to the site form’s inputs', () => {
    expect(fieldIdForSiteIssue('postalCode')).toBe('site-postalCode');
    expect(fieldIdForSiteIssue('languages.1')).toBe('site-languages');
    expect(fieldIdForSiteIssue('phones.2.number')).toBe('site-phone-2-number');
    expect(fieldIdForSiteIssue('organizationId')).toBeNull();
    expect(
      groupIssues(
        [
          { path: 'postalCode', message: 'Unknown ZIP code "00000".' },
          { path: 'organizationId', message: 'Not yours.' },
        ],
        fieldIdForSiteIssue,
      ),
    ).toEqual({ 'site-postalCode': ['Unknown ZIP code "00000".'], '': ['Not yours.'] });
  });
});

describe('organization form', () => {
  const form = {
    name: ' Food Bank ',
    description: 'Groceries.',
    email: '',
    website: 'foodbank.example.org',
    phones: [],
    phonesChanged: false,
  };

  it('clears email with "", adds a scheme to a bare website and leaves phones alone', () => {
    const { input, issues } = toOrganizationInput(form, 'org-1');
    expect(issues).toEqual([]);
    expect(input).toEqual({
      organizationId: 'org-1',
      name: 'Food Bank',
      description: 'Groceries.',
      email: '',
      website: 'https://foodbank.example.org',
    });
  });

  it('sends phones once they were changed, and names a bad email or a blank name', () => {
    const { input } = toOrganizationInput(
      {
        ...form,
        phonesChanged: true,
        phones: [{ number: '303-555-0199', description: '', type: '', extension: null }],
      },
      'org-1',
    );
    expect(input.phones).toEqual([
      { number: '303-555-0199', description: null, type: null, extension: null },
    ]);
    const { issues } = toOrganizationInput({ ...form, name: ' ', email: 'nope' }, 'org-1');
    expect(issues.map((issue) => fieldIdForOrganizationIssue(issue.path))).toEqual([
      'organization-name',
      'organization-email',
    ]);
  });
});
