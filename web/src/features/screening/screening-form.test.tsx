// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../lib/i18n';
import { screeningWords } from './internal/wording';
import { type Instrument, ScreeningForm } from './screening-form';
import { ScreeningResult, type ScreeningSummary } from './screening-result';

afterEach(cleanup);

const instrument: Instrument = {
  id: 'ahc-hrsn-core',
  language: 'EN',
  title: 'Health-related social needs screening',
  sections: [
    {
      id: 'living-situation',
      title: 'Living situation',
      items: [
        {
          number: 1,
          loinc: '71802-3',
          multiple: false,
          exclusive: [],
          text: 'What is your living situation today?',
          answers: [
            { code: 'LA31993-1', text: 'I have a steady place to live' },
            { code: 'LA31995-6', text: 'I do not have a steady place to live' },
          ],
        },
        {
          number: 2,
          loinc: '96778-6',
          multiple: true,
          exclusive: ['LA9-3'],
          text: 'Do you have problems with any of the following?',
          answers: [
            { code: 'LA28580-1', text: 'Mold' },
            { code: 'LA32001-2', text: 'Water leaks' },
            { code: 'LA9-3', text: 'None of the above' },
          ],
        },
      ],
    },
  ],
};

function renderForm(onSubmit = vi.fn(async () => {})) {
  render(
    <I18nProvider initial="en">
      <ScreeningForm
        instrument={instrument}
        w={screeningWords('en')}
        submitLabel="Save the screening"
        busyLabel="Saving…"
        missingKey="screening.missing"
        onSubmit={onSubmit}
      />
    </I18nProvider>,
  );
  return onSubmit;
}

describe('ScreeningForm', () => {
  it('names the questions left unanswered and marks them, sending nothing', () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Answer every question first. Missing: 1, 2.',
    );
    expect(
      screen
        .getByRole('group', { name: /What is your living situation/ })
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('keeps "None of the above" apart from problems and sends the answers in order', async () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByLabelText('I do not have a steady place to live'));
    fireEvent.click(screen.getByLabelText('None of the above'));
    fireEvent.click(screen.getByLabelText('Mold'));
    fireEvent.click(screen.getByLabelText('Water leaks'));
    expect((screen.getByLabelText('None of the above') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Save the screening' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith([
      { item: '71802-3', answers: ['LA31995-6'] },
      { item: '96778-6', answers: ['LA28580-1', 'LA32001-2'] },
    ]);
  });
});

describe('ScreeningResult', () => {
  it('shows the positive domains and says the attention flag is not a positive screen', () => {
    const screening: ScreeningSummary = {
      id: 's1',
      number: 2,
      method: 'LINK',
      status: 'SUBMITTED',
      startedAt: '2026-12-01T16:00:00Z',
      submittedAt: '2026-12-02T16:00:00Z',
      linkExpiresAt: null,
      positiveDomains: ['FOOD_INSECURITY'],
      safetyTotal: 6,
      attention: [
        { id: 'physically-hurt', text: 'The client said someone physically hurts them.' },
      ],
      changesSincePrevious: {
        previousSubmittedAt: '2026-11-01T16:00:00Z',
        newlyPositive: ['FOOD_INSECURITY'],
        noLongerPositive: [],
        items: [
          {
            number: 3,
            question: 'Worried food would run out',
            before: [{ code: 'LA28398-8', text: 'Never true' }],
            after: [{ code: 'LA28397-0', text: 'Often true' }],
          },
        ],
      },
    };
    render(
      <I18nProvider initial="en">
        <ScreeningResult screening={screening} w={screeningWords('en')} />
      </I18nProvider>,
    );
    expect(screen.getByRole('heading', { level: 2 }).textContent).toMatch(/\(by link\)$/);
    expect(document.querySelector('.badge')?.textContent).toBe('Food insecurity');
    expect(screen.getByText('For your attention — not a positive screen')).toBeTruthy();
    expect(
      screen.getByText('Safety total: 6 of 20 (11 or more is a positive screen).'),
    ).toBeTruthy();
    expect(screen.getByText('was: Never true')).toBeTruthy();
    expect(screen.getByText('now: Often true')).toBeTruthy();
  });
});
