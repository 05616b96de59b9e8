import { useState } from 'react';
import { AddResourceListItemDocument, CreateResourceListDocument } from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { setCurrentList, useCurrentList, withService } from './current-list';

export type AddToListButtonProps = { serviceId: string; serviceName: string };

/** Adds a service to the list being filled, starting one when there is none. */
export function AddToListButton({ serviceId, serviceName }: AddToListButtonProps) {
  const { t } = useI18n();
  const current = useCurrentList();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const onList = current?.serviceIds.includes(serviceId) ?? false;

  async function startList() {
    const data = await request(CreateResourceListDocument, { input: { items: [{ serviceId }] } });
    setCurrentList({ id: data.createResourceList.id, serviceIds: [serviceId] });
  }

  async function handleClick() {
    if (busy || onList) return;
    setBusy(true);
    setFailed(null);
    try {
      if (!current) {
        await startList();
      } else {
        try {
          await request(AddResourceListItemDocument, { input: { listId: current.id, serviceId } });
          setCurrentList(withService(current, serviceId));
        } catch (error) {
          // The list is gone (or another organization's): start a new one.
          if (!(error instanceof GraphQLRequestError && error.code === 'NOT_FOUND')) throw error;
          await startList();
        }
      }
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="add-to-list">
      <button
        type="button"
        className="button-secondary"
        aria-pressed={onList}
        onClick={handleClick}
        disabled={busy}
      >
        {onList ? t('list.onList') : t('service.addToList')}
        <span className="visually-hidden"> {serviceName}</span>
      </button>
      {current && onList ? (
        <Link to={`/lists/${encodeURIComponent(current.id)}`} className="add-to-list-open">
          {t('list.open', { count: current.serviceIds.length })}
        </Link>
      ) : null}
      {failed ? (
        <span role="alert" className="field-error">
          {t('list.addFailed', { message: failed })}
        </span>
      ) : null}
    </span>
  );
}
