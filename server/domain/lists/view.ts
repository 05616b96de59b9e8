import { getMember } from '../accounts/users.ts';
import type { DomainDeps } from '../deps.ts';
import { getService, serviceHours } from '../directory/service-view.ts';
import { NotFoundError } from '../errors.ts';
import type { ResourceList } from './lists.ts';
import type { ListView, ListViewItem } from './render.ts';

type ViewDeps = Pick<DomainDeps, 'db' | 'clock' | 'settings'>;

async function itemView(
  deps: ViewDeps,
  item: ResourceList['items'][number],
): Promise<ListViewItem> {
  try {
    const service = await getService(deps, item.serviceId);
    return {
      name: service.name,
      organizationName: service.organization?.name ?? null,
      // The service's numbers first, then its sites' and its organization's.
      phones: service.contactPhones.slice(0, 3).map((p) => p.number),
      addresses: service.locations.flatMap((l) =>
        l.address
          ? [
              `${l.address.address_1}, ${l.address.city}, ${l.address.state_province} ${l.address.postal_code}`,
            ]
          : [],
      ),
      hours: serviceHours(service, deps.clock.now()).summary,
      url: service.url,
      note: item.note,
      gone: false,
    };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return {
      name: item.serviceId,
      organizationName: null,
      phones: [],
      addresses: [],
      hours: null,
      url: null,
      note: item.note,
      gone: true,
    };
  }
}

/** A list as printed and sent: its services read now from the directory (no client data). */
export async function buildListView(deps: ViewDeps, list: ResourceList): Promise<ListView> {
  const organizationName = await getMember(deps, list.organizationId).then(
    (member) => member.name,
    () => '',
  );
  const items: ListViewItem[] = [];
  for (const item of list.items) items.push(await itemView(deps, item));
  return {
    language: list.language,
    organizationName,
    note: list.note,
    items,
    preparedAt: deps.clock.now(),
  };
}
