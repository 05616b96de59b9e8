import { NEED_DOMAINS, type NeedDomain } from '../domain/needs/domains.ts';
import { builder } from './builder.ts';

function enumName(domain: NeedDomain): string {
  return domain.toUpperCase().replaceAll('-', '_');
}

/** The social-need domain of a screening result, need, goal or task (SDOHCC category codes). */
export const NeedDomainEnum = builder.enumType('NeedDomain', {
  description:
    'A social-need domain. The first six are the AHC HRSN screening domains; values map to the SDOH Clinical Care IG category codes.',
  values: Object.fromEntries(
    NEED_DOMAINS.map((domain) => [enumName(domain), { value: domain }]),
  ) as Record<string, { value: NeedDomain }>,
});
