import type { DomainDeps } from '../domain/deps.ts';
import type { Logger } from '../logger.ts';

/** Per-request context: the domain's dependencies and a request-scoped logger. */
export type GraphQLContext = {
  deps: DomainDeps;
  logger: Logger;
  requestId: string;
};
