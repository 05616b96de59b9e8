import { type FormEvent, useEffect, useId, useState } from 'react';
import { TaxonomyDocument } from '../../generated/graphql';
import { formatDistance } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { Chip } from '../../ui/chip';
import { SearchClientPicker } from '../clients/search-client-picker';
import { clientLanguageCodes, languageLabel } from './internal/client-languages';
import { PLACE_ERROR_ID } from './internal/place-error';
import {
  activeFilterCount,
  defaultSearchState,
  hasClientProfile,
  placeFields,
  radiusOptionsKm,
  type SearchState,
} from './internal/url-state';

export type SearchFormProps = {
  state: SearchState;
  /** The last search could not place the typed address (the message is with the results). */
  placeNotFound: boolean;
  onChange: (next: SearchState) => void;
};

type Draft = {
  text: string;
  /** The place field as typed: a ZIP code, a street address or a city. */
  place: string;
  age: string;
  householdSize: string;
  annualIncome: string;
};

function draftOf(state: SearchState): Draft {
  return {
    text: state.text,
    place: state.postalCode || state.place,
    age: state.age === null ? '' : String(state.age),
    householdSize: state.householdSize === null ? '' : String(state.householdSize),
    annualIncome: state.annualIncome === null ? '' : String(state.annualIncome),
  };
}

function numberOrNull(value: string, min: number, max: number): number | null {
  const n = Number(value.replace(/[,\s$]/g, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) return null;
  return Math.round(n);
}

const emptyTaxonomy = {};

/** What, where, who and quick filters. Chips and selects apply at once; typed fields on Search. */
export function SearchForm({ state, placeNotFound, onChange }: SearchFormProps) {
  const { t, lang, locale, categoryName } = useI18n();
  const id = useId();
  const taxonomy = useQuery(TaxonomyDocument, emptyTaxonomy);
  const [draft, setDraft] = useState<Draft>(() => draftOf(state));
  const [locating, setLocating] = useState(false);
  const [locationError, setLocationError] = useState<string | null>(null);
  // The needs, client and "show only" groups fold behind a Filters button, so that results and
  // the map get the first screen (on phones the need chips fold too).
  const [filtersOpen, setFiltersOpen] = useState(false);

  // Back/forward or a chip changed the URL: show what it says.
  useEffect(
    function syncDraftFromUrl() {
      setDraft(draftOf(state));
    },
    [state],
  );

  /** The URL state with the typed fields applied. */
  function withDraft(next: SearchState): SearchState {
    const place = placeFields(draft.place);
    const typed = place.postalCode !== '' || place.place !== '';
    return {
      ...next,
      ...place,
      text: draft.text,
      near: typed ? null : next.near,
      nearSource: typed ? null : next.nearSource,
      age: numberOrNull(draft.age, 0, 130),
      householdSize: numberOrNull(draft.householdSize, 1, 30),
      annualIncome: numberOrNull(draft.annualIncome, 0, 10_000_000),
    };
  }

  function apply(patch: Partial<SearchState>) {
    onChange({ ...withDraft(state), ...patch });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange(withDraft(state));
  }

  function handleToggleCategory(code: string) {
    const categories = state.categories.includes(code)
      ? state.categories.filter((c) => c !== code)
      : [...state.categories, code];
    apply({ categories });
  }

  function handleUseLocation() {
    if (!('geolocation' in navigator)) {
      setLocationError(t('search.locationFailed', { reason: 'unsupported' }));
      return;
    }
    setLocating(true);
    setLocationError(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setDraft((d) => ({ ...d, place: '' }));
        onChange({
          ...withDraft(state),
          postalCode: '',
          place: '',
          near: { lat: position.coords.latitude, lng: position.coords.longitude },
          nearSource: 'device',
        });
      },
      (failure) => {
        setLocating(false);
        setLocationError(t('search.locationFailed', { reason: failure.message || 'denied' }));
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  }

  function handleClearPlace() {
    setDraft((d) => ({ ...d, place: '' }));
    apply({ postalCode: '', place: '', near: null, nearSource: null });
  }

  function handleReset() {
    setDraft(draftOf(defaultSearchState));
    onChange(defaultSearchState);
  }

  const radiusChoices: number[] = [...radiusOptionsKm];
  if (!radiusChoices.includes(state.radiusKm)) radiusChoices.push(state.radiusKm);
  radiusChoices.sort((a, b) => a - b);
  const clientGiven = hasClientProfile(state);
  const eligibleHintId = `${id}-eligible-hint`;

  // Without client details the filter has nothing to check: take the coordinator to them.
  function handleEligibleToggle() {
    if (clientGiven) {
      apply({ eligibleOnly: !state.eligibleOnly });
      return;
    }
    setFiltersOpen(true);
    const age = document.getElementById(`${id}-age`);
    const panel = age?.closest('details');
    if (panel) panel.open = true;
    age?.focus();
  }
  // The button counts what its panel hides: filters, and a client when one is given.
  const filterCount = activeFilterCount(state) + (clientGiven ? 1 : 0);
  const filtersId = `${id}-filters`;
  const showPlaceFromPoint =
    state.near !== null && !state.postalCode && !state.place && draft.place === '';

  return (
    <search>
      <form
        className={filtersOpen ? 'search-form filters-open' : 'search-form'}
        aria-label={t('search.title')}
        onSubmit={handleSubmit}
      >
        <div className="search-main">
          <fieldset className="form-group form-what">
            <legend className="visually-hidden">{t('search.what')}</legend>
            <div className="field">
              <label htmlFor={`${id}-q`}>{t('search.text')}</label>
              <input
                id={`${id}-q`}
                type="search"
                name="q"
                value={draft.text}
                placeholder={t('search.textHint')}
                autoComplete="off"
                enterKeyHint="search"
                onChange={(event) => setDraft({ ...draft, text: event.target.value })}
              />
            </div>
          </fieldset>

          <fieldset className="form-group form-where">
            <legend className="visually-hidden">{t('search.where')}</legend>
            {showPlaceFromPoint ? (
              <div className="field field-place place-pill">
                <span className="field-label" id={`${id}-place`}>
                  {t('place.label')}
                </span>
                <span className="pill" aria-describedby={`${id}-place`}>
                  {state.nearSource === 'map' ? t('search.nearMapArea') : t('search.nearMe')}
                  <button
                    type="button"
                    className="pill-clear"
                    onClick={handleClearPlace}
                    aria-label={t('search.clearPlace')}
                  >
                    ×
                  </button>
                </span>
              </div>
            ) : (
              <div className="field field-place">
                <label htmlFor={`${id}-place`}>{t('place.label')}</label>
                <input
                  id={`${id}-place`}
                  name="place"
                  autoComplete="street-address"
                  maxLength={300}
                  value={draft.place}
                  placeholder={t('place.hint')}
                  aria-invalid={placeNotFound}
                  aria-describedby={placeNotFound ? PLACE_ERROR_ID : undefined}
                  onChange={(event) => setDraft({ ...draft, place: event.target.value })}
                />
              </div>
            )}
            <div className="field field-radius">
              <label htmlFor={`${id}-radius`}>{t('search.radius')}</label>
              <select
                id={`${id}-radius`}
                value={String(state.radiusKm)}
                onChange={(event) => apply({ radiusKm: Number(event.target.value) })}
              >
                {radiusChoices.map((km) => (
                  <option key={km} value={String(km)}>
                    {(radiusOptionsKm as readonly number[]).includes(km)
                      ? formatDistance(km, locale)
                      : t('search.radiusMapArea', { distance: formatDistance(km, locale) })}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button-secondary locate-button"
              onClick={handleUseLocation}
              disabled={locating}
            >
              {locating ? t('search.locating') : t('search.useLocation')}
            </button>
          </fieldset>

          <div className="form-actions">
            <button type="submit" className="button-primary">
              {t('search.submit')}
            </button>
            <button
              type="button"
              className="button-secondary filters-toggle"
              aria-expanded={filtersOpen}
              aria-controls={filtersId}
              onClick={() => setFiltersOpen((open) => !open)}
            >
              {filterCount > 0
                ? t('search.filtersCount', { count: filterCount })
                : t('search.filters')}
            </button>
            <button type="button" className="button-link" onClick={handleReset}>
              {t('search.reset')}
            </button>
          </div>
        </div>
        {locationError ? (
          <p className="field-error" role="alert">
            {locationError}
          </p>
        ) : null}

        {taxonomy.data ? (
          <fieldset className="chips chips-needs foldable-on-phone">
            <legend className="chips-label">{t('search.needs')}</legend>
            {taxonomy.data.taxonomy.map((category) => (
              <Chip
                key={category.code}
                label={categoryName(category.code, category.name)}
                pressed={state.categories.includes(category.code)}
                onToggle={() => handleToggleCategory(category.code)}
              />
            ))}
          </fieldset>
        ) : null}

        <div className="search-more foldable-filter" id={filtersId}>
          <details className="form-group form-who" open>
            <summary>{t('search.who')}</summary>
            <p className="hint">{t('search.whoHint')}</p>
            <SearchClientPicker clientId={state.clientId} onPick={apply} />
            <div className="field-row">
              <div className="field field-small">
                <label htmlFor={`${id}-age`}>{t('search.age')}</label>
                <input
                  id={`${id}-age`}
                  inputMode="numeric"
                  value={draft.age}
                  onChange={(event) => setDraft({ ...draft, age: event.target.value })}
                />
              </div>
              <div className="field field-small">
                <label htmlFor={`${id}-hh`}>{t('search.household')}</label>
                <input
                  id={`${id}-hh`}
                  inputMode="numeric"
                  value={draft.householdSize}
                  onChange={(event) => setDraft({ ...draft, householdSize: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-income`}>{t('search.income')}</label>
                <input
                  id={`${id}-income`}
                  inputMode="numeric"
                  value={draft.annualIncome}
                  onChange={(event) => setDraft({ ...draft, annualIncome: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-lang`}>{t('search.clientLanguage')}</label>
                <select
                  id={`${id}-lang`}
                  value={state.language}
                  onChange={(event) => apply({ language: event.target.value })}
                >
                  <option value="">{t('search.anyLanguage')}</option>
                  {clientLanguageCodes.map((code) => (
                    <option key={code} value={code}>
                      {languageLabel(code, lang)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field-small">
                <label htmlFor={`${id}-vet`}>{t('search.veteran')}</label>
                <select
                  id={`${id}-vet`}
                  value={state.veteran === null ? '' : state.veteran ? '1' : '0'}
                  onChange={(event) =>
                    apply({
                      veteran: event.target.value === '' ? null : event.target.value === '1',
                    })
                  }
                >
                  <option value="">—</option>
                  <option value="1">{lang === 'es' ? 'Sí' : 'Yes'}</option>
                  <option value="0">No</option>
                </select>
              </div>
            </div>
          </details>

          <div className="form-filters">
            <fieldset className="form-group">
              <legend>{t('search.showOnly')}</legend>
              <div className="chips">
                <Chip
                  label={t('search.openNow')}
                  pressed={state.openNow}
                  onToggle={() => apply({ openNow: !state.openNow })}
                />
                <Chip
                  label={t('search.freeOnly')}
                  pressed={state.freeOnly}
                  onToggle={() => apply({ freeOnly: !state.freeOnly })}
                />
                <Chip
                  label={t('search.notFull')}
                  pressed={state.notFull}
                  onToggle={() => apply({ notFull: !state.notFull })}
                />
                <Chip
                  label={t('network.takesReferrals')}
                  pressed={state.referableOnly}
                  onToggle={() => apply({ referableOnly: !state.referableOnly })}
                />

                <Chip
                  label={t('search.eligibleOnly')}
                  pressed={state.eligibleOnly && clientGiven}
                  describedBy={clientGiven ? undefined : eligibleHintId}
                  onToggle={handleEligibleToggle}
                />
                {clientGiven ? null : (
                  <span className="hint" id={eligibleHintId}>
                    {t('search.eligibleNeedsClient')}
                  </span>
                )}
              </div>
            </fieldset>

            <fieldset className="form-group form-order">
              <legend>{t('search.order')}</legend>
              <div className="chips">
                <Chip
                  label={t('search.bestMatch')}
                  pressed={!state.availableFirst}
                  onToggle={() => apply({ availableFirst: false })}
                />
                <Chip
                  label={t('search.availableFirst')}
                  pressed={state.availableFirst}
                  onToggle={() => apply({ availableFirst: true })}
                />
              </div>
            </fieldset>
          </div>
        </div>
      </form>
    </search>
  );
}
