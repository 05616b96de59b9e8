import type { ReferServiceInfoQuery } from '../../generated/graphql';
import { useI18n } from '../../lib/i18n';
import { StatusMessage } from '../../ui/status-message';
import { capacityWarning, formatUpdatedAgo } from './internal/capacity-warning';

export type CapacityWarningNoticeProps = {
  id: string;
  agency: string;
  capacity: ReferServiceInfoQuery['service']['capacity'];
  now: Date;
};

/** Warns that the service reports no capacity or a waitlist; says the referral can still go. */
export function CapacityWarningNotice({ id, agency, capacity, now }: CapacityWarningNoticeProps) {
  const { t, locale } = useI18n();
  const warning = capacityWarning(capacity);
  if (!warning) return null;
  return (
    <StatusMessage tone="warning">
      <div id={id} className="capacity-warning">
        <strong>{t(warning.message, { agency })}</strong>{' '}
        {warning.count ? `${t('refer.capacity.count', { count: warning.count })} ` : null}
        {t('refer.capacity.updated', {
          ago: formatUpdatedAgo(warning.updatedAt, now, locale),
        })}
        {warning.note ? <p className="capacity-note">{warning.note}</p> : null}
        <p>{t('refer.capacity.sendAnyway')}</p>
      </div>
    </StatusMessage>
  );
}
