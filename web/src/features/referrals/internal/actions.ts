import type { ReferralStatus, Role } from '../../../generated/graphql';

/** Which side of a referral the viewer acts for. */
export type Side = 'referring' | 'receiving';

export type Viewer = { role: Role; organization: { id: string } };

export type Parties = {
  referringOrganization: { id: string };
  receivingOrganization: { id: string };
};

/** The sides the viewer may act for, as the API decides (both when an org refers to itself). */
export function sidesFor(viewer: Viewer | null | undefined, referral: Parties): Side[] {
  if (!viewer) return [];
  const sides: Side[] = [];
  const refers = viewer.role === 'COORDINATOR' || viewer.role === 'ORG_ADMIN';
  const answers = viewer.role === 'AGENCY_STAFF' || viewer.role === 'ORG_ADMIN';
  if (refers && viewer.organization.id === referral.referringOrganization.id) {
    sides.push('referring');
  }
  if (answers && viewer.organization.id === referral.receivingOrganization.id) {
    sides.push('receiving');
  }
  return sides;
}

export type ActionKey =
  | 'send'
  | 'accept'
  | 'reject'
  | 'start'
  | 'hold'
  | 'resume'
  | 'complete'
  | 'fail'
  | 'cancel';

export type ReferralAction = {
  key: ActionKey;
  to: ReferralStatus;
  /** What the person must give: a reason (code, and text for OTHER), an outcome, or nothing. */
  needs: 'reason' | 'outcome' | null;
  side: Side;
};

export const finalStatuses: readonly ReferralStatus[] = [
  'REJECTED',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

export function isFinal(status: ReferralStatus): boolean {
  return finalStatuses.includes(status);
}

/**
 * The moves the viewer can make now, mirroring the API's lifecycle: SENT → accept | reject | hold;
 * ACCEPTED → start | hold; IN_PROGRESS → complete | fail | hold; ON_HOLD → resume (to where it was
 * held from); the referring side sends a draft and cancels anything not final. The API still
 * checks every move.
 */
export function availableActions(
  state: { status: ReferralStatus; heldFrom: ReferralStatus | null },
  sides: readonly Side[],
): ReferralAction[] {
  if (isFinal(state.status)) return [];
  const actions: ReferralAction[] = [];
  if (sides.includes('receiving')) {
    const receiving = (key: ActionKey, to: ReferralStatus, needs: ReferralAction['needs']) =>
      actions.push({ key, to, needs, side: 'receiving' });
    switch (state.status) {
      case 'SENT':
        receiving('accept', 'ACCEPTED', null);
        receiving('reject', 'REJECTED', 'reason');
        receiving('hold', 'ON_HOLD', 'reason');
        break;
      case 'ACCEPTED':
        receiving('start', 'IN_PROGRESS', null);
        receiving('hold', 'ON_HOLD', 'reason');
        break;
      case 'IN_PROGRESS':
        receiving('complete', 'COMPLETED', 'outcome');
        receiving('fail', 'FAILED', 'reason');
        receiving('hold', 'ON_HOLD', 'reason');
        break;
      case 'ON_HOLD':
        if (state.heldFrom) receiving('resume', state.heldFrom, null);
        break;
      default:
        break;
    }
  }
  if (sides.includes('referring')) {
    if (state.status === 'DRAFT') {
      actions.push({ key: 'send', to: 'SENT', needs: null, side: 'referring' });
    }
    actions.push({ key: 'cancel', to: 'CANCELLED', needs: 'reason', side: 'referring' });
  }
  return actions;
}

export function canSeeDashboard(role: Role | null | undefined): boolean {
  return role === 'COORDINATOR' || role === 'ORG_ADMIN';
}

export function canSeeInbox(role: Role | null | undefined): boolean {
  return role === 'AGENCY_STAFF' || role === 'ORG_ADMIN';
}

/** Statuses in the order the dashboard groups them: what needs attention first. */
export const statusOrder: readonly ReferralStatus[] = [
  'SENT',
  'ON_HOLD',
  'ACCEPTED',
  'IN_PROGRESS',
  'DRAFT',
  'REJECTED',
  'FAILED',
  'COMPLETED',
  'CANCELLED',
];

/**
 * Groups referrals by status in `statusOrder`, overdue ones first within a group (otherwise the
 * API's order, newest first). Empty groups are left out.
 */
export function groupByStatus<T extends { status: ReferralStatus; overdue: boolean }>(
  referrals: readonly T[],
): Array<{ status: ReferralStatus; items: T[] }> {
  const groups: Array<{ status: ReferralStatus; items: T[] }> = [];
  for (const status of statusOrder) {
    const items = referrals.filter((r) => r.status === status);
    if (items.length === 0) continue;
    const overdue = items.filter((r) => r.overdue);
    const rest = items.filter((r) => !r.overdue);
    groups.push({ status, items: [...overdue, ...rest] });
  }
  return groups;
}
