import type { Document } from 'mongodb';
import type { Actor } from '../accounts/actor.ts';
import { isNetworkAdmin } from '../accounts/policy.ts';
import type { DomainDeps } from '../deps.ts';
import { NotAllowedError } from '../errors.ts';
import { type FeedbackAnswer, findFeedback } from '../feedback/surveys.ts';
import { organizationName } from '../notifications/referral-changes.ts';

/**
 * What clients said after their referrals, for a period (by when they answered): how many
 * answered, the share whose need was met (and partly met), and the average rating; in total, by
 * service, by receiving agency and by need domain. Network admins see the network; members see
 * answers about referrals their organization made or received.
 */

export type FeedbackFigures = {
  responses: number;
  needMet: number;
  needPartlyMet: number;
  needNotMet: number;
  /** needMet / responses (0–1); null with no responses. */
  needMetRate: number | null;
  /** 1–5, two decimals; null with no responses. */
  averageRating: number | null;
};

export type FeedbackGroup = { key: string; label: string | null; figures: FeedbackFigures };

export type FeedbackReport = {
  totals: FeedbackFigures;
  byService: FeedbackGroup[];
  byAgency: FeedbackGroup[];
  byNeedDomain: FeedbackGroup[];
};

/** Figures for some answers (pure). */
export function feedbackFiguresOf(answers: readonly FeedbackAnswer[]): FeedbackFigures {
  const n = answers.length;
  const count = (answer: string) => answers.filter((a) => a.needMet === answer).length;
  const needMet = count('YES');
  const ratings = answers.reduce((sum, a) => sum + a.rating, 0);
  return {
    responses: n,
    needMet,
    needPartlyMet: count('PARTLY'),
    needNotMet: count('NO'),
    needMetRate: n === 0 ? null : Math.round((needMet / n) * 1e4) / 1e4,
    averageRating: n === 0 ? null : Math.round((ratings / n) * 100) / 100,
  };
}

function grouped(
  answers: readonly FeedbackAnswer[],
  keysOf: (answer: FeedbackAnswer) => string[],
  labelOf: (key: string, sample: FeedbackAnswer) => string | null,
): Array<Omit<FeedbackGroup, 'label'> & { sample: FeedbackAnswer; label: string | null }> {
  const groups = new Map<string, FeedbackAnswer[]>();
  for (const answer of answers) {
    for (const key of keysOf(answer)) groups.set(key, [...(groups.get(key) ?? []), answer]);
  }
  return [...groups]
    .map(([key, group]) => {
      const sample = group[0] as FeedbackAnswer;
      return { key, sample, label: labelOf(key, sample), figures: feedbackFiguresOf(group) };
    })
    .sort((a, b) => b.figures.responses - a.figures.responses || a.key.localeCompare(b.key));
}

/**
 * The feedback report for answers given in [from, to), scoped like the referral report (the
 * caller has checked the period). Throws NotAllowedError.
 */
export async function feedbackReport(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'cipher' | 'logger' | 'settings'>,
  actor: Actor,
  scope: { from: Date; to: Date; organizationId: string | null },
): Promise<FeedbackReport> {
  if (!isNetworkAdmin(actor) && scope.organizationId !== actor.organizationId) {
    throw new NotAllowedError("You can only see reports on your own organization's referrals.");
  }
  const filter: Document = { at: { $gte: scope.from, $lt: scope.to } };
  if (scope.organizationId) {
    filter.$or = [
      { referringOrganizationId: scope.organizationId },
      { receivingOrganizationId: scope.organizationId },
    ];
  }
  const answers = await findFeedback(deps, filter);
  const strip = (groups: ReturnType<typeof grouped>): FeedbackGroup[] =>
    groups.map(({ sample: _sample, ...group }) => group);
  const byAgency = strip(
    grouped(
      answers,
      (a) => [a.receivingOrganizationId],
      () => null,
    ),
  );
  for (const group of byAgency) group.label = await organizationName(deps, group.key);
  return {
    totals: feedbackFiguresOf(answers),
    byService: strip(
      grouped(
        answers,
        (a) => [a.serviceId],
        (_key, sample) => sample.serviceName,
      ),
    ),
    byAgency,
    byNeedDomain: strip(
      grouped(
        answers,
        (a) => a.needDomains,
        () => null,
      ),
    ),
  };
}
