import type { ReferralStatus } from '../../generated/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';

export type StatusBadgeProps = { status: ReferralStatus };

const tones: Record<ReferralStatus, string> = {
  DRAFT: 'neutral',
  SENT: 'info',
  ACCEPTED: 'info',
  IN_PROGRESS: 'info',
  ON_HOLD: 'warning',
  COMPLETED: 'good',
  REJECTED: 'bad',
  FAILED: 'bad',
  CANCELLED: 'neutral',
};

/** A referral's status as a labelled badge (colour is never the only cue). */
export function StatusBadge({ status }: StatusBadgeProps) {
  const { t } = useI18n();
  return (
    <span className={`status-badge status-badge-${tones[status]}`} data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}
