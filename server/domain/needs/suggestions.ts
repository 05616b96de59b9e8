import type { Actor } from '../accounts/actor.ts';
import { savedClientProfile } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import type { TopLevelCode } from '../directory/need-categories.ts';
import { type ServiceSearchResult, searchServices } from '../directory/search-services.ts';
import { InvalidInputError } from '../errors.ts';
import type { NeedDomain } from './domains.ts';
import { getNeed } from './needs.ts';

/**
 * Where to look for help with a need: the directory's need categories for each need domain.
 * Housing quality has no category of its own (repairs sit under housing), and interpersonal
 * safety's services (domestic violence, victim services) sit under family and legal.
 */
export const NEED_CATEGORIES: Record<NeedDomain, TopLevelCode[]> = {
  'housing-instability': ['housing'],
  'inadequate-housing': ['housing'],
  'food-insecurity': ['food'],
  'transportation-insecurity': ['transportation'],
  'utility-insecurity': ['utilities'],
  'interpersonal-safety': ['family', 'legal'],
  'financial-insecurity': ['employment', 'legal'],
  'employment-status': ['employment'],
  'health-insurance-coverage-status': ['health'],
  'social-connection': ['mental-health'],
  other: [],
};

const MAX_SUGGESTIONS = 20;

/**
 * Services that may help with a need: the need's categories, eligible for the client (their saved
 * profile), nearest their address first, through the directory search. Coordinators of the
 * client's organization; the reads are audited. Throws NotFoundError, InvalidInputError,
 * SearchUnavailableError.
 */
export async function suggestServices(
  deps: DomainDeps,
  actor: Actor,
  needId: string,
  first = 5,
): Promise<ServiceSearchResult> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_SUGGESTIONS) {
    throw new InvalidInputError([
      { path: 'first', message: `Ask for between 1 and ${MAX_SUGGESTIONS} suggestions.` },
    ]);
  }
  const need = await getNeed(deps, actor, needId);
  const saved = await savedClientProfile(deps, actor, need.clientId);
  const categories = NEED_CATEGORIES[need.domain];
  const hasPlace = saved.address !== null || saved.profile.postalCode != null;
  return searchServices(
    deps,
    {
      clientId: need.clientId,
      categories: categories.length > 0 ? categories : null,
      eligibleOnly: true,
      sort: hasPlace ? 'DISTANCE' : 'RELEVANCE',
      postalCode: saved.address === null ? (saved.profile.postalCode ?? null) : null,
      first,
    },
    { savedClient: async () => saved },
  );
}
