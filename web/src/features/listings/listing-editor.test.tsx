// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../lib/i18n';
import { exampleListing } from './internal/listing-fixture';
import { ListingEditor } from './listing-editor';

const listing = {
  ...exampleListing,
  costs: [
    {
      option: 'Free',
      currency: 'USD',
      amount: 0,
      amountDescription: null,
      validFrom: null,
      validTo: null,
    },
  ],
};

function renderEditor() {
  return render(
    <I18nProvider initial="en">
      <ListingEditor listing={listing} onReload={() => {}} />
    </I18nProvider>,
  );
}

afterEach(cleanup);

describe('ListingEditor', () => {
  it('shows the listing in its form, hours, eligibility, costs and capacity', () => {
    const { container } = renderEditor();
    expect(container.querySelector<HTMLInputElement>('#listing-name')?.value).toBe(
      'Westside Pantry',
    );
    expect(container.querySelector<HTMLInputElement>('#listing-hours-0-opensAt')?.value).toBe(
      '09:00',
    );
    const days = container.querySelector('#listing-hours-0-days');
    expect(days === null ? [] : within(days as HTMLElement).getAllByRole('checkbox')).toHaveLength(
      7,
    );
    expect(container.querySelector<HTMLInputElement>('#listing-min-age')?.value).toBe('18');
    expect(container.querySelector<HTMLInputElement>('#listing-cost-0-option')?.value).toBe('Free');
    expect(container.querySelectorAll('input[name="capacity-status"]')).toHaveLength(4);
  });

  it('adds and removes rows of hours, closures and costs', () => {
    const { container } = renderEditor();
    const count = (selector: string) => container.querySelectorAll(selector).length;
    fireEvent.click(screen.getByRole('button', { name: /add.*hours/i }));
    expect(count('[id^="listing-hours-"][id$="-opensAt"]')).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: /add.*closure/i }));
    expect(count('[id^="listing-closure-"][id$="-from"]')).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: /remove.*cost 1/i }));
    expect(count('[id^="listing-cost-"][id$="-option"]')).toBe(0);
  });
});
