import '../features/care/care.css';
import { useId } from 'react';
import { CarePlan } from '../features/care/care-plan';
import { ClientTasks } from '../features/care/client-tasks';
import { ClientTimeline } from '../features/care/client-timeline';
import { useCareWords } from '../features/care/internal/wording';
import { NeedsPanel } from '../features/needs/needs-panel';
import { useRequiredUser } from '../features/session/use-required-user';
import { ClientCareDocument } from '../generated/graphql';
import { formatDate } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type ClientPageProps = { id: string };

/** One client: who they are, their needs, care plan, tasks and timeline. */
export function ClientPage({ id }: ClientPageProps) {
  const user = useRequiredUser();
  const { t, locale, lang } = useI18n();
  const { w } = useCareWords();
  const headingId = useId();
  const query = useQuery(ClientCareDocument, { id, lang }, { skip: !user });
  const client = query.data?.client;
  const base = `/clients/${encodeURIComponent(id)}`;

  return (
    <div className="client-page">
      <p className="back-link no-print">
        <Link to="/caseload">← {w('client.back')}</Link>
      </p>
      {query.loading && !client ? <p role="status">{w('client.loading')}</p> : null}
      {query.error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={query.retry}>
              {t('search.retry')}
            </button>
          }
        >
          {query.error.message}
        </StatusMessage>
      ) : null}
      {client ? (
        <>
          <header className="client-header" aria-labelledby={headingId}>
            <h1 id={headingId}>{client.name}</h1>
            <p className="client-facts">
              <span>{w('client.born', { date: formatDate(client.dateOfBirth, locale) })}</span>
              {client.phone ? <a href={`tel:${client.phone}`}>{client.phone}</a> : null}
              {client.email ? <a href={`mailto:${client.email}`}>{client.email}</a> : null}
              {(client.address ?? client.postalCode) ? (
                <span>{client.address ?? client.postalCode}</span>
              ) : null}
            </p>
            <p className="client-actions no-print">
              <button type="button" className="button-secondary" onClick={() => window.print()}>
                {w('client.print')}
              </button>
              <a className="button-secondary" href={`${base}/care-plan.pdf`}>
                {w('client.pdf')}
              </a>
            </p>
          </header>
          <div className="client-layout">
            <div className="client-main">
              <div className="panel client-needs no-print">
                <NeedsPanel clientId={client.id} />
                <p>
                  <Link to={`${base}/screening`} className="button-secondary">
                    {w('client.screening')}
                  </Link>
                </p>
              </div>
              <CarePlan clientId={client.id} goals={client.goals} onChanged={query.retry} />
              <ClientTasks
                clientId={client.id}
                tasks={client.tasks}
                goals={client.goals}
                assignees={query.data?.taskAssignees ?? []}
                userId={user?.id ?? ''}
                onChanged={query.retry}
              />
            </div>
            <div className="client-side no-print">
              <ClientTimeline
                clientId={client.id}
                entries={client.timeline}
                onChanged={query.retry}
              />
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
