import { lazy, Suspense, useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../session/session-provider';
import type { ShownService } from './internal/suggestion-value';

// Signed-in extras of the public service page: their own chunks, loaded when they are wanted.
const SuggestEditForm = lazy(() =>
  import('./suggest-edit-form').then((module) => ({ default: module.SuggestEditForm })),
);
const ClaimOrganization = lazy(() =>
  import('./claim-organization').then((module) => ({ default: module.ClaimOrganization })),
);

export type ServiceReviewActionsProps = {
  service: ShownService & { id: string; organization: { id: string } | null };
};

/**
 * On a listing's page: anyone signed in suggests an edit; agency staff and org admins may claim
 * an organization nobody on the network keeps.
 */
export function ServiceReviewActions({ service }: ServiceReviewActionsProps) {
  const { t } = useI18n();
  const { user } = useSession();
  const [suggesting, setSuggesting] = useState(false);
  if (!user) return null;
  const mayClaim =
    (user.role === 'AGENCY_STAFF' || user.role === 'ORG_ADMIN') &&
    service.organization !== null &&
    service.organization.id !== user.organization.id;
  return (
    <div className="service-review-actions">
      <Suspense fallback={null}>
        {suggesting ? (
          <SuggestEditForm service={service} onClose={() => setSuggesting(false)} />
        ) : (
          <button type="button" className="button-secondary" onClick={() => setSuggesting(true)}>
            {t('service.suggestEdit')}
          </button>
        )}
        {mayClaim && service.organization ? (
          <ClaimOrganization organizationId={service.organization.id} />
        ) : null}
      </Suspense>
    </div>
  );
}
