import type { ReferralStatus } from '../../../generated/graphql';
import { statusOrder } from './actions';

export type BoardFilter = { status: ReferralStatus | null; overdueOnly: boolean };

/** `?status=SENT&overdue=1` → the board's filter; unknown values are ignored. */
export function decodeBoardFilter(search: string): BoardFilter {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  return {
    status: statusOrder.find((s) => s === status) ?? null,
    overdueOnly: params.get('overdue') === '1',
  };
}

export function encodeBoardFilter(filter: BoardFilter): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.overdueOnly) params.set('overdue', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}
