import { lazy, Suspense, useEffect } from 'react';
import { AccountMenu } from './features/session/account-menu';
import { type NavItem, navItemsFor, navPaths } from './features/session/nav-items';
import { SessionProvider, useSession } from './features/session/session-provider';
import { I18nProvider, isLang, languages, useI18n } from './lib/i18n';
import { Link, matchRoute, useLocation } from './lib/router';
import { useOnline } from './lib/use-online';
import { SearchPage } from './pages/search-page';
import { ServicePage } from './pages/service-page';
import { SignInPage } from './pages/sign-in-page';
import { StatusMessage } from './ui/status-message';

// The referral screens are for signed-in staff: they load on demand, outside the first bundle.
const ReferPage = lazy(() =>
  import('./pages/refer-page').then((module) => ({ default: module.ReferPage })),
);
const ReferralsPage = lazy(() =>
  import('./pages/referrals-page').then((module) => ({ default: module.ReferralsPage })),
);
const ReferralPage = lazy(() =>
  import('./pages/referral-page').then((module) => ({ default: module.ReferralPage })),
);
// A coordinator's caseload and client pages: staff screens, loaded on demand.
const CaseloadPage = lazy(() =>
  import('./pages/caseload-page').then((module) => ({ default: module.CaseloadPage })),
);
const ClientPage = lazy(() =>
  import('./pages/client-page').then((module) => ({ default: module.ClientPage })),
);
// Reports carry the charting library: their own chunk, loaded when the page is opened.
const ReportsPage = lazy(() =>
  import('./pages/reports-page').then((module) => ({ default: module.ReportsPage })),
);

// Resource lists and the agency's listing editor: staff screens, loaded on demand.
const ListsPage = lazy(() =>
  import('./pages/lists-page').then((module) => ({ default: module.ListsPage })),
);
const ListPage = lazy(() =>
  import('./pages/list-page').then((module) => ({ default: module.ListPage })),
);
const ListPrintPage = lazy(() =>
  import('./pages/list-print-page').then((module) => ({ default: module.ListPrintPage })),
);
const ListingsPage = lazy(() =>
  import('./pages/listings-page').then((module) => ({ default: module.ListingsPage })),
);
// Network review (claims, stale listings, suggested edits): network admins only.
const NetworkPage = lazy(() =>
  import('./pages/network-page').then((module) => ({ default: module.NetworkPage })),
);
// The client's survey: public, phone-first, its own small chunk.
const FeedbackPage = lazy(() =>
  import('./pages/feedback-page').then((module) => ({ default: module.FeedbackPage })),
);
const ListingEditPage = lazy(() =>
  import('./pages/listing-edit-page').then((module) => ({ default: module.ListingEditPage })),
);
// Screening: the coordinator's form and the client's public link page, loaded on demand.
const ScreeningPage = lazy(() =>
  import('./pages/screening-page').then((module) => ({ default: module.ScreeningPage })),
);
const PublicScreeningPage = lazy(() =>
  import('./pages/public-screening-page').then((module) => ({
    default: module.PublicScreeningPage,
  })),
);

function RoleNav({ pathname }: { pathname: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const items = navItemsFor(user?.role);
  if (items.length === 0) return null;
  const current = (item: NavItem) =>
    item === 'search'
      ? pathname === '/' || pathname.startsWith('/services/')
      : pathname.startsWith(navPaths[item]);
  return (
    <ul className="role-nav">
      {items.map((item) => (
        <li key={item}>
          <Link
            to={navPaths[item]}
            className="header-link"
            aria-current={current(item) ? 'page' : undefined}
          >
            {t(`nav.${item}`)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={lang}
        onChange={(event) => {
          if (isLang(event.target.value)) setLang(event.target.value);
        }}
      >
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {code === 'en' ? 'English' : 'Español'}
          </option>
        ))}
      </select>
    </label>
  );
}

function Shell() {
  const { t, lang } = useI18n();
  const { pathname, search } = useLocation();
  const online = useOnline();
  const route = matchRoute(pathname);
  // A page a client opens from a message: no staff navigation or sign-in.
  const clientPage = route.name === 'feedback';

  useEffect(
    function syncDocumentLanguage() {
      document.documentElement.lang = lang;
    },
    [lang],
  );

  let page: React.ReactNode;
  switch (route.name) {
    case 'search':
      page = <SearchPage search={search} />;
      break;
    case 'service':
      page = <ServicePage key={route.id} id={route.id} />;
      break;
    case 'refer':
      page = <ReferPage key={route.serviceId} serviceId={route.serviceId} search={search} />;
      break;
    case 'referrals':
      page = <ReferralsPage kind="dashboard" search={search} />;
      break;
    case 'inbox':
      page = <ReferralsPage kind="inbox" search={search} />;
      break;
    case 'referral':
      page = <ReferralPage key={route.id} id={route.id} />;
      break;
    case 'reports':
      page = <ReportsPage search={search} />;
      break;
    case 'caseload':
      page = <CaseloadPage />;
      break;
    case 'client':
      page = <ClientPage key={route.id} id={route.id} />;
      break;
    case 'lists':
      page = <ListsPage />;
      break;
    case 'list':
      page = <ListPage key={route.id} id={route.id} />;
      break;
    case 'list-print':
      page = <ListPrintPage key={route.id} id={route.id} search={search} />;
      break;
    case 'listings':
      page = <ListingsPage />;
      break;
    case 'listing':
      page = <ListingEditPage key={route.id} id={route.id} />;
      break;
    case 'network':
      page = <NetworkPage />;
      break;
    case 'screening':
      page = <ScreeningPage key={route.clientId} clientId={route.clientId} />;
      break;
    case 'public-screening':
      page = <PublicScreeningPage key={route.token} token={route.token} />;
      break;
    case 'feedback':
      page = <FeedbackPage key={route.token} token={route.token} />;
      break;
    case 'sign-in':
      page = <SignInPage search={search} />;
      break;
    default:
      page = (
        <div className="narrow-page">
          <h1>{t('app.notFound')}</h1>
          <Link to="/">{t('app.backToSearch')}</Link>
        </div>
      );
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToResults')}
      </a>
      <header className="app-header">
        <Link to="/" className="app-name">
          <span aria-hidden="true" className="app-logo" />
          {t('app.name')}
        </Link>
        {clientPage ? null : <span className="app-tagline">{t('app.tagline')}</span>}
        <nav className="app-nav" aria-label={t('app.nav')}>
          {clientPage ? null : <RoleNav pathname={pathname} />}
          <LanguageSwitch />
          {clientPage ? null : <AccountMenu />}
        </nav>
      </header>
      {online ? null : <StatusMessage tone="warning">{t('app.offline')}</StatusMessage>}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">{t('service.loading')}</p>}>{page}</Suspense>
      </main>
    </>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </I18nProvider>
  );
}
