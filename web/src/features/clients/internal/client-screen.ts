import type { FindSavedClientsQuery } from '../../../generated/graphql';

export type SavedClient = FindSavedClientsQuery['findClients'][number];

/** The quick screen a saved client fills on the search page, and the id the search uses. */
export type SavedClientScreen = {
  clientId: string;
  age: number | null;
  householdSize: number | null;
  annualIncome: number | null;
  language: string;
};

/** Whole years from a YYYY-MM-DD birth date to `now` (UTC calendar), or null if unreadable. */
export function ageOn(dateOfBirth: string, now: Date): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const month = now.getUTCMonth() + 1;
  const before = month < m || (month === m && now.getUTCDate() < d);
  return Math.max(0, now.getUTCFullYear() - y - (before ? 1 : 0));
}

/** A saved client's facts as the quick screen shows them (income rounded to whole dollars). */
export function screenFromClient(client: SavedClient, now: Date): SavedClientScreen {
  return {
    clientId: client.id,
    age: ageOn(client.dateOfBirth, now),
    householdSize: client.householdSize ?? null,
    annualIncome: client.annualIncome == null ? null : Math.round(client.annualIncome),
    language: /^[a-z]{2,3}$/.test(client.preferredLanguage ?? '')
      ? (client.preferredLanguage ?? '')
      : '',
  };
}

/** The finder's input: a phone alone, or a name with a date of birth; null when neither is whole. */
export function findInput(form: {
  name: string;
  dateOfBirth: string;
  phone: string;
}): { phone: string } | { name: string; dateOfBirth: string } | null {
  if (form.phone.trim()) return { phone: form.phone.trim() };
  if (form.name.trim() && form.dateOfBirth) {
    return { name: form.name.trim(), dateOfBirth: form.dateOfBirth };
  }
  return null;
}
