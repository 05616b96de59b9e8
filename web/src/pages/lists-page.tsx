import '../features/lists/lists.css';
import { useState } from 'react';
import { setCurrentList, useCurrentList } from '../features/lists/current-list';
import { useListWords } from '../features/lists/internal/wording';
import { canRefer } from '../features/session/session-provider';
import { useRequiredUser } from '../features/session/use-required-user';
import { CreateResourceListDocument, ResourceListsDocument } from '../generated/graphql';
import { request } from '../lib/graphql';
import { useI18n } from '../lib/i18n';
import { Link, navigate } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { Badge } from '../ui/badge';
import { StatusMessage } from '../ui/status-message';

/** `/lists`: the organization's resource lists. */
export function ListsPage() {
  const w = useListWords();
  const { locale } = useI18n();
  const user = useRequiredUser();
  const allowed = canRefer(user);
  const current = useCurrentList();
  const [failed, setFailed] = useState<string | null>(null);
  const { data, error, loading } = useQuery(
    ResourceListsDocument,
    { first: 50 },
    { skip: !allowed },
  );

  async function handleNew() {
    setFailed(null);
    try {
      const made = await request(CreateResourceListDocument, { input: {} });
      setCurrentList({ id: made.createResourceList.id, serviceIds: [] });
      navigate(`/lists/${encodeURIComponent(made.createResourceList.id)}`);
    } catch (problem) {
      setFailed(problem instanceof Error ? problem.message : String(problem));
    }
  }

  return (
    <div className="lists-page">
      <h1>{w('lists.title')}</h1>
      {user && !allowed ? (
        <StatusMessage tone="warning">{w('lists.notAllowed')}</StatusMessage>
      ) : null}
      {user && allowed ? (
        <>
          <p className="hint">{w('lists.intro', { org: user.organization.name })}</p>
          <button type="button" className="button-primary" onClick={handleNew}>
            {w('lists.new')}
          </button>
        </>
      ) : null}
      {failed ? <StatusMessage tone="error">{failed}</StatusMessage> : null}
      {allowed && loading ? <p role="status">{w('lists.loading')}</p> : null}
      {error ? (
        <StatusMessage tone="error">{w('lists.error', { message: error.message })}</StatusMessage>
      ) : null}
      {data && data.resourceLists.edges.length === 0 ? <p>{w('lists.empty')}</p> : null}
      {data && data.resourceLists.edges.length > 0 ? (
        <ul className="list-cards">
          {data.resourceLists.edges.map(({ node }) => (
            <li key={node.id} className="list-card">
              <Link to={`/lists/${encodeURIComponent(node.id)}`}>
                {node.title || w('lists.untitled')}
              </Link>
              <span className="hint">
                {node.items.length === 1
                  ? w('lists.countOne')
                  : w('lists.count', { count: node.items.length })}
                {' · '}
                {w('lists.updated', {
                  date: new Date(node.updatedAt).toLocaleDateString(locale, {
                    dateStyle: 'medium',
                  }),
                })}
              </span>
              {current?.id === node.id ? <Badge tone="neutral">{w('lists.current')}</Badge> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
