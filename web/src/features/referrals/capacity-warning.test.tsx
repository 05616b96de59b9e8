// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../lib/i18n';
import { CapacityWarningNotice } from './capacity-warning';
import { capacityWarning, formatUpdatedAgo } from './internal/capacity-warning';

const now = new Date('2026-05-03T15:00:00Z');
const published = {
  count: null,
  unit: null,
  note: null,
  updatedAt: '2026-05-03T12:00:00Z',
};

afterEach(cleanup);

describe('capacityWarning', () => {
  it('warns only for no capacity and a waitlist', () => {
    expect(capacityWarning({ ...published, status: 'NO_CAPACITY' })?.message).toBe(
      'refer.capacity.NO_CAPACITY',
    );
    expect(capacityWarning({ ...published, status: 'WAITLIST' })?.message).toBe(
      'refer.capacity.WAITLIST',
    );
    expect(capacityWarning({ ...published, status: 'AVAILABLE' })).toBeNull();
    expect(capacityWarning({ ...published, status: 'ASSESSMENT_REQUIRED' })).toBeNull();
    expect(capacityWarning(null)).toBeNull();
  });

  it('keeps the count with its unit and a trimmed note', () => {
    expect(
      capacityWarning({
        ...published,
        status: 'WAITLIST',
        count: 12,
        unit: 'families',
        note: '  Call first.  ',
      }),
    ).toEqual({
      message: 'refer.capacity.WAITLIST',
      count: '12 families',
      note: 'Call first.',
      updatedAt: new Date('2026-05-03T12:00:00Z'),
    });
  });

  it('says how long ago in hours, then days', () => {
    expect(formatUpdatedAgo(new Date('2026-05-03T12:00:00Z'), now, 'en-US')).toBe('3 hours ago');
    expect(formatUpdatedAgo(new Date('2026-05-01T03:00:00Z'), now, 'en-US')).toBe('3 days ago');
  });
});

describe('capacity warning on the refer form', () => {
  it('tells the coordinator the service is full and that sending is still allowed', () => {
    render(
      <I18nProvider initial="en">
        <CapacityWarningNotice
          id="cap"
          agency="Eastside Shelter"
          capacity={{ ...published, status: 'NO_CAPACITY', count: 0, unit: 'beds' }}
          now={now}
        />
      </I18nProvider>,
    );
    const status = screen.getByRole('status');
    expect(status.textContent).toContain(
      'Eastside Shelter reports no capacity for this service right now.',
    );
    expect(status.textContent).toContain('Reported: 0 beds.');
    expect(status.textContent).toContain('Updated 3 hours ago.');
    expect(status.textContent).toContain('You can still send this referral');
  });

  it('speaks Spanish', () => {
    render(
      <I18nProvider initial="es">
        <CapacityWarningNotice
          id="cap"
          agency="Refugio Este"
          capacity={{ ...published, status: 'WAITLIST' }}
          now={now}
        />
      </I18nProvider>,
    );
    expect(screen.getByRole('status').textContent).toContain(
      'Refugio Este informa que este servicio tiene lista de espera.',
    );
  });

  it('shows nothing for available or unknown capacity', () => {
    const { container } = render(
      <I18nProvider initial="en">
        <CapacityWarningNotice id="cap" agency="A" capacity={null} now={now} />
        <CapacityWarningNotice
          id="cap2"
          agency="A"
          capacity={{ ...published, status: 'AVAILABLE' }}
          now={now}
        />
      </I18nProvider>,
    );
    expect(container.textContent).toBe('');
  });
});
