import express, { type Response, type Router } from 'express';
import type { DomainDeps } from '../domain/deps.ts';
import { describeDay } from '../domain/describe-date.ts';
import { UserError } from '../domain/errors.ts';
import {
  ConfirmationLinkError,
  confirmListingByLink,
  previewListingConfirmation,
} from '../domain/listings/confirmation.ts';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .setHeader('cache-control', 'no-store')
    // The token is in the URL: never send it on to another site.
    .setHeader('referrer-policy', 'no-referrer')
    // A one-button page must not be framed (clickjacking) nor run anything.
    .setHeader(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    )
    .type('html')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(title)} · Wayfinder</title>` +
        `<body style="font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">` +
        `<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

const LINK_FAILURES: Record<ConfirmationLinkError['reason'], [number, string]> = {
  invalid: [400, 'This link is not valid'],
  expired: [410, 'This link has expired'],
  used: [409, 'This link has been used'],
  changed: [409, 'This listing has changed'],
};

function failure(res: Response, error: unknown): void {
  if (error instanceof ConfirmationLinkError) {
    const [status, title] = LINK_FAILURES[error.reason];
    page(res, status, title, `<p>${escapeHtml(error.message)}</p>`);
    return;
  }
  if (error instanceof UserError && error.code === 'NOT_FOUND') {
    page(
      res,
      404,
      'Listing not found',
      '<p>This listing is no longer in the directory, so there is nothing to confirm.</p>',
    );
    return;
  }
  throw error;
}

/**
 * "Still accurate?" links: `GET /listings/confirm?token=` shows the listing and a button, and
 * `POST /listings/confirm` (form field `token`) confirms it. Confirming only on POST keeps mail
 * scanners, which fetch every link in a message, from confirming on the agency's behalf.
 */
export function createListingConfirmationRouter(deps: DomainDeps): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const token = req.query.token;
    try {
      const preview = await previewListingConfirmation(deps, token);
      const confirmed = preview.assuredDate
        ? `It was last confirmed on ${escapeHtml(preview.assuredDate)}.`
        : 'Nobody has confirmed it yet.';
      page(
        res,
        200,
        `Is ${preview.serviceName} still accurate?`,
        `<p>Wayfinder lists <strong>${escapeHtml(preview.serviceName)}</strong> from ` +
          `${escapeHtml(preview.organizationName)}. ${confirmed}</p>` +
          `<p>If its hours, eligibility and contact details are still right, confirm it:</p>` +
          `<form method="post" action="/listings/confirm">` +
          `<input type="hidden" name="token" value="${escapeHtml(String(token))}">` +
          `<button type="submit" style="font:inherit;padding:.5rem 1rem">` +
          `Yes, it is still accurate</button></form>` +
          `<p>If something changed, sign in to Wayfinder and edit the listing instead. This link ` +
          `works until ${escapeHtml(describeDay(preview.expiresAt))}.</p>`,
      );
    } catch (error) {
      failure(res, error);
    }
  });
  router.post('/', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const done = await confirmListingByLink(deps, body.token);
      page(
        res,
        200,
        'Thank you',
        `<p><strong>${escapeHtml(done.serviceName)}</strong> is confirmed accurate as of ` +
          `${escapeHtml(done.assuredDate)}. Care coordinators will see it as current.</p>`,
      );
    } catch (error) {
      failure(res, error);
    }
  });
  return router;
}
