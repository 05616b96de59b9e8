import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

/** A tiny router: the pathname picks the page; the query string holds page state. */
export type Route =
  | { name: 'search' }
  | { name: 'service'; id: string }
  | { name: 'refer'; serviceId: string }
  | { name: 'referrals' }
  | { name: 'referral'; id: string }
  | { name: 'inbox' }
  | { name: 'lists' }
  | { name: 'list'; id: string }
  | { name: 'list-print'; id: string }
  | { name: 'listings' }
  | { name: 'listing'; id: string }
  | { name: 'reports' }
  | { name: 'caseload' }
  | { name: 'client'; id: string }
  | { name: 'network' }
  | { name: 'screening'; clientId: string }
  | { name: 'public-screening'; token: string }
  | { name: 'sign-in' }
  | { name: 'feedback'; token: string }
  | { name: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'search' };
  if (pathname === '/sign-in') return { name: 'sign-in' };
  if (pathname === '/referrals' || pathname === '/referrals/') return { name: 'referrals' };
  if (pathname === '/inbox' || pathname === '/inbox/') return { name: 'inbox' };
  if (pathname === '/lists' || pathname === '/lists/') return { name: 'lists' };
  if (pathname === '/listings' || pathname === '/listings/') return { name: 'listings' };
  const listPrint = /^\/lists\/([^/]+)\/print\/?$/.exec(pathname);
  if (listPrint?.[1]) return { name: 'list-print', id: decodeURIComponent(listPrint[1]) };
  const list = /^\/lists\/([^/]+)\/?$/.exec(pathname);
  if (list?.[1]) return { name: 'list', id: decodeURIComponent(list[1]) };
  const listing = /^\/listings\/([^/]+)\/?$/.exec(pathname);
  if (listing?.[1]) return { name: 'listing', id: decodeURIComponent(listing[1]) };
  if (pathname === '/reports' || pathname === '/reports/') return { name: 'reports' };
  const feedback = /^\/feedback\/([^/]+)\/?$/.exec(pathname);
  if (feedback?.[1]) return { name: 'feedback', token: decodeURIComponent(feedback[1]) };
  if (pathname === '/caseload' || pathname === '/caseload/') return { name: 'caseload' };
  const client = /^\/clients\/([^/]+)\/?$/.exec(pathname);
  if (client?.[1]) return { name: 'client', id: decodeURIComponent(client[1]) };
  if (pathname === '/network' || pathname === '/network/') return { name: 'network' };
  const refer = /^\/services\/([^/]+)\/refer\/?$/.exec(pathname);
  if (refer?.[1]) return { name: 'refer', serviceId: decodeURIComponent(refer[1]) };
  const referral = /^\/referrals\/([^/]+)\/?$/.exec(pathname);
  if (referral?.[1]) return { name: 'referral', id: decodeURIComponent(referral[1]) };
  const screening = /^\/clients\/([^/]+)\/screening\/?$/.exec(pathname);
  if (screening?.[1]) return { name: 'screening', clientId: decodeURIComponent(screening[1]) };
  const publicScreening = /^\/screening\/([^/]+)\/?$/.exec(pathname);
  if (publicScreening?.[1]) {
    return { name: 'public-screening', token: decodeURIComponent(publicScreening[1]) };
  }
  const service = /^\/services\/([^/]+)\/?$/.exec(pathname);
  if (service?.[1]) return { name: 'service', id: decodeURIComponent(service[1]) };
  return { name: 'not-found' };
}

const NAVIGATE_EVENT = 'wayfinder:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return function unsubscribe() {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** The current path and query, re-rendering on navigation and back/forward. */
export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  const url = new URL(href, 'http://local');
  return { pathname: url.pathname, search: url.search };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  const state = { inApp: true };
  if (options.replace) window.history.replaceState(state, '', to);
  else window.history.pushState(state, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** True when this page was reached by navigating inside the app, so "back" stays in it. */
export function cameFromApp(): boolean {
  return (window.history.state as { inApp?: boolean } | null)?.inApp === true;
}

export type LinkProps = {
  to: string;
  children: ReactNode;
  className?: string;
  onClick?: () => void;
  'aria-current'?: 'page';
};

/** An ordinary link that navigates in the app (new tabs and modified clicks still work). */
export function Link({ to, children, className, onClick, ...aria }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onClick?.();
    navigate(to);
    window.scrollTo(0, 0);
  }
  return (
    <a href={to} className={className} onClick={handleClick} aria-current={aria['aria-current']}>
      {children}
    </a>
  );
}
