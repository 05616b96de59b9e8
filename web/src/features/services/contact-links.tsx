import type { PhoneSource } from '../../generated/graphql';
import { type MessageKey, useI18n } from '../../lib/i18n';
import { mailtoHref, telHref } from './internal/contact';

export type ContactPhone = {
  number: string;
  extension?: number | null;
  description?: string | null;
  source: PhoneSource;
};

export type ContactLinksProps = {
  phones: readonly ContactPhone[];
  email: string | null;
  /** Show at most this many numbers (a result card shows one). */
  limit?: number;
  /** Name what each number belongs to (service, location, organization). */
  showSource?: boolean;
  className?: string;
};

/** The numbers to call (service first, then location, then organization) and the email, as links. */
export function ContactLinks({
  phones,
  email,
  limit,
  showSource = false,
  className = 'contact-links',
}: ContactLinksProps) {
  const { t } = useI18n();
  const shown = limit === undefined ? phones : phones.slice(0, limit);
  if (shown.length === 0 && !email) return null;
  return (
    <ul className={className}>
      {shown.map((phone) => (
        <li key={`${phone.number}-${phone.extension ?? ''}`}>
          <a href={telHref(phone.number, phone.extension)}>{phone.number}</a>
          {phone.extension ? ` ${t('contact.extension', { extension: phone.extension })}` : ''}
          {showSource ? (
            <span className="contact-source">
              {' '}
              · {t(`contact.source.${phone.source}` as MessageKey)}
            </span>
          ) : null}
          {phone.description ? <span className="hint"> — {phone.description}</span> : null}
        </li>
      ))}
      {email ? (
        <li>
          <a href={mailtoHref(email)}>{email}</a>
        </li>
      ) : null}
    </ul>
  );
}
