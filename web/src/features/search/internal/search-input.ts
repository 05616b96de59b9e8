import type { ClientProfileInput, SearchServicesInput } from '../../../generated/graphql';
import { hasClientProfile, type SearchState } from './url-state';

export const PAGE_SIZE = 20;

/** The client profile sent for eligibility, or undefined when nothing about the client is known. */
export function toClientProfile(state: SearchState): ClientProfileInput | undefined {
  if (!hasClientProfile(state)) return undefined;
  const client: ClientProfileInput = {};
  if (state.age !== null) client.age = state.age;
  if (state.householdSize !== null) client.householdSize = state.householdSize;
  if (state.annualIncome !== null) client.annualIncome = state.annualIncome;
  if (state.language) client.languages = [state.language];
  if (state.veteran !== null) client.veteran = state.veteran;
  if (/^\d{5}$/.test(state.postalCode)) client.postalCode = state.postalCode;
  return client;
}

/** Maps the screen's filters onto `searchServices(input)`. */
export function toSearchInput(
  state: SearchState,
  page: { after?: string | null; first?: number } = {},
): SearchServicesInput {
  const input: SearchServicesInput = { first: page.first ?? PAGE_SIZE };
  if (page.after) input.after = page.after;
  const text = state.text.trim();
  if (text) input.text = text;
  if (state.categories.length > 0) input.categories = [...state.categories];
  if (/^\d{5}$/.test(state.postalCode)) input.postalCode = state.postalCode;
  else if (state.place.trim()) input.place = state.place.trim();
  else if (state.near) input.near = { latitude: state.near.lat, longitude: state.near.lng };
  // Without a place, a saved client's address is the server's starting point.
  if (input.postalCode || input.place || input.near || state.clientId) {
    input.radiusKm = state.radiusKm;
  }
  // A saved client's record decides eligibility on the server (the API takes one or the other).
  const client = state.clientId ? undefined : toClientProfile(state);
  if (state.clientId) input.clientId = state.clientId;
  else if (client) input.client = client;
  // The client's language narrows to services that speak it (English is assumed everywhere).
  if (state.language && state.language !== 'en') input.languages = [state.language];
  if (state.freeOnly) input.costs = ['FREE'];
  if (state.openNow) input.openNow = true;
  // "Has room or unknown": every current status but NO_CAPACITY, and listings that report none.
  if (state.notFull) input.capacity = ['AVAILABLE', 'WAITLIST', 'ASSESSMENT_REQUIRED', 'UNKNOWN'];
  if (state.referableOnly) input.acceptsReferrals = true;
  if (state.availableFirst) input.sort = 'AVAILABLE_FIRST';
  if (state.eligibleOnly && (client || state.clientId)) input.eligibleOnly = true;
  return input;
}
