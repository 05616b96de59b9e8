import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { getMember } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import { loadClientRecord } from '../clients/clients.ts';
import type { DomainDeps } from '../deps.ts';
import { describeDay } from '../describe-date.ts';
import { InvalidInputError, RateLimitedError } from '../errors.ts';
import {
  type LinkWording,
  OneTimeLinkError,
  previewOneTimeLink,
  signOneTimeLink,
  useOneTimeLink,
} from '../links/one-time-links.ts';
import { enqueueNotification, notificationSettings } from '../notifications/outbox.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { parseInput } from '../validate.ts';
import {
  ahcHrsn,
  instrumentIn,
  type LocalizedInstrument,
  type ScreeningLanguage,
  screeningLanguage,
  validateAnswers,
} from './instrument.ts';
import {
  assertKeepsClient,
  claimSubmission,
  createScreening,
  loadScreening,
  recordAnswers,
  type Screening,
} from './screenings.ts';

/**
 * A screening the client answers on their own phone: the coordinator sends a signed, expiring,
 * single-use link by email or text message in the client's language; the page needs no account.
 * The token carries only the screening id.
 */

const PURPOSE = 'screening';
/** Days a screening link works. */
export const SCREENING_LINK_DAYS = 7;
/** Links sent to one client per day, so a slip of the finger does not flood them. */
const LINKS_PER_CLIENT_PER_DAY = 5;

const WORDING: Record<ScreeningLanguage, LinkWording> = {
  en: {
    subject: 'This screening link',
    instead: 'Ask your care coordinator for a new link.',
  },
  es: {
    subject: 'Este enlace de evaluación',
    instead: 'Pida un enlace nuevo a su coordinador de atención.',
  },
};

// Errors are worded before the link is read, so they cannot be in the client's language; a
// bilingual sentence serves both.
const BILINGUAL: LinkWording = {
  subject: 'This screening link (este enlace)',
  instead: `${WORDING.en.instead} / ${WORDING.es.instead}`,
};

function messageFor(
  language: ScreeningLanguage,
  organization: string,
  link: string,
  expires: string,
) {
  if (language === 'es') {
    return {
      subject: `Unas preguntas de ${organization}`,
      text:
        `${organization} le pide responder 10 preguntas breves sobre su vivienda, alimentos, ` +
        `transporte, servicios y seguridad, para saber cómo ayudarle. Toma unos 5 minutos y no ` +
        `necesita cuenta.\n\nResponda aquí: ${link}\n\nEl enlace funciona una vez, hasta el ${expires}.`,
      sms: `${organization}: responda 10 preguntas breves para saber cómo ayudarle: ${link}`,
    };
  }
  return {
    subject: `A few questions from ${organization}`,
    text:
      `${organization} asks you to answer 10 short questions about housing, food, ` +
      `transportation, utilities and safety, so they know how to help. It takes about 5 minutes ` +
      `and needs no account.\n\nAnswer here: ${link}\n\nThe link works once, until ${expires}.`,
    sms: `${organization}: please answer 10 short questions so we know how to help: ${link}`,
  };
}

const sendSchema = z.object({
  clientId: z.string().min(1).max(200),
  channel: z.enum(['email', 'sms'], { error: 'Choose email or text message.' }),
});

/**
 * Sends the client a one-time screening link by email or text message, in their language, to the
 * address saved on their record (coordinators of the client's organization; audited). Returns the
 * started screening. Throws NotAllowedError, NotFoundError, InvalidInputError, RateLimitedError.
 */
export async function sendScreeningLink(
  deps: DomainDeps,
  actor: Actor,
  input: unknown,
): Promise<Screening> {
  const parsed = parseInput(sendSchema, input);
  const owner = await assertKeepsClient(deps, actor, parsed.clientId);
  const client = await loadClientRecord(deps, parsed.clientId);
  const to = parsed.channel === 'sms' ? client?.phone : client?.email;
  if (!client || !to) {
    throw new InvalidInputError([
      {
        path: 'channel',
        message:
          parsed.channel === 'sms'
            ? 'This client has no phone number on their record. Add one, or send the link by email.'
            : 'This client has no email address on their record. Add one, or send the link by text message.',
      },
    ]);
  }
  const limit = await hitRateLimit(deps, 'screening-link', client.id, {
    limit: LINKS_PER_CLIENT_PER_DAY,
    windowMs: 86_400_000,
  });
  if (!limit.allowed) {
    throw new RateLimitedError(
      `This client has been sent ${LINKS_PER_CLIENT_PER_DAY} screening links today, the most allowed. Try again tomorrow, or screen them in person.`,
    );
  }
  await recordAudit(deps, actor, {
    action: 'client.read',
    subjectType: 'client',
    subjectId: client.id,
    detail: { via: 'sendScreeningLink', fields: [parsed.channel === 'sms' ? 'phone' : 'email'] },
  });
  const language = screeningLanguage(client.preferredLanguage);
  const expiresAt = new Date(deps.clock.now().getTime() + SCREENING_LINK_DAYS * 86_400_000);
  const screening = await createScreening(deps, actor, {
    clientId: client.id,
    organizationId: owner.organizationId,
    method: 'LINK',
    language,
    linkExpiresAt: expiresAt,
  });
  const token = signOneTimeLink(deps, PURPOSE, { s: screening.id }, expiresAt);
  const appUrl = notificationSettings(deps)?.appUrl ?? '';
  const organization = (await getMember(deps, owner.organizationId)).name;
  const link = `${appUrl}/screening/${encodeURIComponent(token)}`;
  await enqueueNotification(deps, {
    channel: parsed.channel,
    to,
    template: 'screening.link',
    data: {
      serviceName: '',
      agencyName: organization,
      link,
      message: messageFor(language, organization, link, describeDay(expiresAt)),
    },
  });
  await recordAudit(deps, actor, {
    action: 'screening.link.send',
    subjectType: 'client',
    subjectId: client.id,
    detail: { screeningId: screening.id, channel: parsed.channel },
  });
  return screening;
}

/** What the public page shows: the questions in the client's language and who asks. */
export type ScreeningLinkView = {
  organizationName: string;
  language: ScreeningLanguage;
  expiresAt: Date;
  instrument: LocalizedInstrument;
};

async function screeningOfLink(deps: DomainDeps, claims: Record<string, string>) {
  const screening = claims.s ? await loadScreening(deps, claims.s) : null;
  if (!screening || screening.method !== 'LINK') {
    throw new OneTimeLinkError(
      'invalid',
      `${BILINGUAL.subject} is not valid. ${BILINGUAL.instead}`,
    );
  }
  return screening;
}

/**
 * Reads a screening link for the public page, changing nothing (no account). Throws
 * OneTimeLinkError (not valid, expired, used).
 */
export async function previewScreeningLink(
  deps: DomainDeps,
  token: unknown,
): Promise<ScreeningLinkView> {
  const { claims, expiresAt } = await previewOneTimeLink(deps, PURPOSE, token, BILINGUAL);
  const screening = await screeningOfLink(deps, claims);
  if (screening.status === 'SUBMITTED') {
    throw new OneTimeLinkError(
      'used',
      `${BILINGUAL.subject} has been used already; each link works once. ${BILINGUAL.instead}`,
    );
  }
  const organization = await getMember(deps, screening.organizationId);
  return {
    organizationName: organization.name,
    language: screening.language,
    expiresAt,
    instrument: instrumentIn(ahcHrsn, screening.language),
  };
}

/**
 * Submits the client's answers through their link (no account): the answers are checked first,
 * so a mistake does not use the link up; then the link is used (once, even when two submissions
 * race) and the screening scored and stored. Throws InvalidInputError, OneTimeLinkError.
 */
export async function submitScreeningByLink(
  deps: DomainDeps,
  token: unknown,
  answersInput: unknown,
): Promise<{ submittedAt: Date; language: ScreeningLanguage }> {
  const { claims } = await previewOneTimeLink(deps, PURPOSE, token, BILINGUAL);
  const screening = await screeningOfLink(deps, claims);
  const answers = validateAnswers(ahcHrsn, answersInput);
  await useOneTimeLink(deps, PURPOSE, token, BILINGUAL, screening.id);
  await claimSubmission(deps, screening);
  const submitted = await recordAnswers(deps, null, screening, answers);
  return { submittedAt: submitted.submittedAt ?? deps.clock.now(), language: submitted.language };
}
