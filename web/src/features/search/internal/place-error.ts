import type { GraphQLRequestError } from '../../../lib/graphql';

/** The id of the message that says the typed place was not found, for the field to point at. */
export const PLACE_ERROR_ID = 'place-error';

/** True when the API could not place the typed address (an InvalidInputError on `place`). */
export function isPlaceNotFound(error: GraphQLRequestError | null): boolean {
  return error?.code === 'INVALID_INPUT' && error.issues.some((issue) => issue.path === 'place');
}
