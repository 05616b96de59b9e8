import '../features/lists/lists.css';
import { useListWords } from '../features/lists/internal/wording';
import { ListSheet } from '../features/lists/list-sheet';
import { useRequiredUser } from '../features/session/use-required-user';
import { ResourceListDocument } from '../generated/graphql';
import { isLang, type Lang } from '../lib/i18n';
import { Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type ListPrintPageProps = { id: string; search: string };

/** `/lists/:id/print`: the list as the client gets it, in their language, ready to print. */
export function ListPrintPage({ id, search }: ListPrintPageProps) {
  const w = useListWords();
  const user = useRequiredUser();
  const { data, error, loading } = useQuery(ResourceListDocument, { id }, { skip: !user });
  const list = data?.resourceList;
  const asked = new URLSearchParams(search).get('lang');
  const lang: Lang = isLang(asked) ? asked : list?.language === 'ES' ? 'es' : 'en';
  const base = `/lists/${encodeURIComponent(id)}`;

  return (
    <div className="print-page">
      <nav className="print-toolbar" aria-label={w('print.toolbar')}>
        <Link to={base}>{w('print.back')}</Link>
        <span>
          {w('print.language')}:{' '}
          <Link to={`${base}/print?lang=en`} aria-current={lang === 'en' ? 'page' : undefined}>
            English
          </Link>{' '}
          ·{' '}
          <Link to={`${base}/print?lang=es`} aria-current={lang === 'es' ? 'page' : undefined}>
            Español
          </Link>
        </span>
        <button type="button" className="button-primary" onClick={() => window.print()}>
          {w('print.print')}
        </button>
      </nav>
      {loading && !list ? <p role="status">{w('list.loading')}</p> : null}
      {error ? (
        <StatusMessage tone="error">{w('list.error', { message: error.message })}</StatusMessage>
      ) : null}
      {list && user ? (
        <ListSheet list={list} lang={lang} organizationName={user.organization.name} />
      ) : null}
    </div>
  );
}
