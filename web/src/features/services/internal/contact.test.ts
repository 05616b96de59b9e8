import { describe, expect, it } from 'vitest';
import { mailtoHref, telHref } from './contact';

describe('contact links', () => {
  it('dials the digits of a listed number, with its extension after a pause', () => {
    expect(telHref('(303) 555-0100')).toBe('tel:3035550100');
    expect(telHref('+1 303.555.0100', 12)).toBe('tel:+13035550100,12');
    expect(mailtoHref(' intake@example.org ')).toBe('mailto:intake@example.org');
  });
});
