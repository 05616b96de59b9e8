import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { AddToListButton } from '../lists/add-to-list-button';
import { telHref } from '../services/internal/contact';

export type ReferAlternativesProps = {
  id?: string;
  service: { id: string; name: string; contactPhones: ReadonlyArray<{ number: string }> };
  agencyName: string;
};

/**
 * What a coordinator can do when the agency is not on the referral network: call it, or put the
 * service on the client's resource list and send that by text or email.
 */
export function ReferAlternatives({ id, service, agencyName }: ReferAlternativesProps) {
  const { t } = useI18n();
  const phone = service.contactPhones[0];
  return (
    <div className="refer-alternatives" id={id} role="note">
      <p>{t('network.referDisabled', { agency: agencyName })}</p>
      <ul>
        {phone ? (
          <li>
            <a className="button-secondary" href={telHref(phone.number)}>
              {t('network.call', { number: phone.number })}
            </a>
          </li>
        ) : null}
        <li>
          <AddToListButton serviceId={service.id} serviceName={service.name} />{' '}
          <span>
            {t('network.sendList')} (<Link to="/lists">{t('network.openLists')}</Link>)
          </span>
        </li>
      </ul>
    </div>
  );
}
