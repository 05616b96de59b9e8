import type { NeedDomain, NeedStatus } from '../../generated/graphql';
import { type Lang, useI18n } from '../../lib/i18n';

/** Need domains in words, as the server's need vocabulary names them. */
const domains: Record<Lang, Record<NeedDomain, string>> = {
  en: {
    HOUSING_INSTABILITY: 'Housing instability',
    INADEQUATE_HOUSING: 'Housing quality',
    FOOD_INSECURITY: 'Food insecurity',
    TRANSPORTATION_INSECURITY: 'Transportation',
    UTILITY_INSECURITY: 'Utilities',
    INTERPERSONAL_SAFETY: 'Interpersonal safety',
    FINANCIAL_INSECURITY: 'Financial strain',
    EMPLOYMENT_STATUS: 'Employment',
    HEALTH_INSURANCE_COVERAGE_STATUS: 'Health insurance',
    SOCIAL_CONNECTION: 'Social connection',
    OTHER: 'Other need',
  },
  es: {
    HOUSING_INSTABILITY: 'Inestabilidad de vivienda',
    INADEQUATE_HOUSING: 'Calidad de la vivienda',
    FOOD_INSECURITY: 'Inseguridad alimentaria',
    TRANSPORTATION_INSECURITY: 'Transporte',
    UTILITY_INSECURITY: 'Servicios públicos',
    INTERPERSONAL_SAFETY: 'Seguridad personal',
    FINANCIAL_INSECURITY: 'Dificultades económicas',
    EMPLOYMENT_STATUS: 'Empleo',
    HEALTH_INSURANCE_COVERAGE_STATUS: 'Seguro médico',
    SOCIAL_CONNECTION: 'Conexión social',
    OTHER: 'Otra necesidad',
  },
};

const statuses: Record<Lang, Record<NeedStatus, string>> = {
  en: { OPEN: 'Open', ADDRESSED: 'Addressed', DECLINED_BY_CLIENT: 'Declined by client' },
  es: { OPEN: 'Abierta', ADDRESSED: 'Atendida', DECLINED_BY_CLIENT: 'Rechazada por el cliente' },
};

/** The every-domain list, in the order people choose from. */
export const needDomains = Object.keys(domains.en) as NeedDomain[];

/** A need domain in words, in `lang`. */
export function needDomainWords(lang: Lang, domain: NeedDomain): string {
  return domains[lang][domain];
}

/** Words for need domains and statuses in the interface language. */
export function useNeedWords() {
  const { lang } = useI18n();
  return {
    domain: (domain: NeedDomain) => domains[lang][domain],
    status: (status: NeedStatus) => statuses[lang][status],
  };
}
