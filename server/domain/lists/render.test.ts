import { describe, expect, it } from 'vitest';
import { type ListView, renderListMessage } from './render.ts';

const view: ListView = {
  language: 'en',
  organizationName: 'Denver Health Navigators',
  note: 'Start with the pantry on Monday.',
  preparedAt: new Date('2026-05-03T15:00:00Z'),
  items: [
    {
      name: 'Westside Pantry',
      organizationName: 'Mile High Mutual Aid',
      phones: ['303-555-0100'],
      addresses: ['100 Main St, Denver, CO 80205'],
      hours: 'Mon–Fri 9:00 AM–5:00 PM',
      url: null,
      note: 'Bring a photo ID.',
      gone: false,
    },
    {
      name: 'Closed Shelter',
      organizationName: null,
      phones: [],
      addresses: [],
      hours: null,
      url: null,
      note: null,
      gone: true,
    },
  ],
};

describe('resource list messages', () => {
  it('lists every service with its contact details and notes', () => {
    const message = renderListMessage(view);
    expect(message.subject).toBe('Your list of resources from Denver Health Navigators');
    expect(message.text).toContain('Prepared on May 3, 2026');
    expect(message.text).toContain('Start with the pantry on Monday.');
    expect(message.text).toContain(
      '1. Westside Pantry\n   Mile High Mutual Aid\n   Phone: 303-555-0100',
    );
    expect(message.text).toContain('   Note: Bring a photo ID.');
    expect(message.text).toContain('2. Closed Shelter\n   This service is no longer listed.');
    expect(message.sms).toBe(
      'Resources from Denver Health Navigators:\n1. Westside Pantry 303-555-0100',
    );
  });

  it('speaks Spanish when the list is in Spanish', () => {
    const message = renderListMessage({ ...view, language: 'es' });
    expect(message.subject).toBe('Su lista de recursos de Denver Health Navigators');
    expect(message.text).toContain('Preparado el 3 de mayo de 2026');
    expect(message.text).toContain('   Teléfono: 303-555-0100');
  });
});
