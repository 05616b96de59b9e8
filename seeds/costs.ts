import type { CostKind, ServiceTemplate } from './catalog.ts';
import type { Rng } from './prng.ts';
import type { HsdsCostOption } from './types.ts';

/** How a client pays for a service: HSDS cost options and one sentence. */
export function buildCosts(
  rng: Rng,
  nextId: () => string,
  template: ServiceTemplate,
): { options: HsdsCostOption[]; text: string } {
  const kind: CostKind = rng.pick(template.costs);
  const both =
    kind !== 'free' &&
    template.costs.includes('sliding') &&
    template.costs.includes('insurance') &&
    rng.chance(0.5);
  const kinds: CostKind[] = both ? ['insurance', 'sliding'] : [kind];
  const options: HsdsCostOption[] = [];
  const texts: string[] = [];
  for (const k of kinds) {
    if (k === 'free') {
      options.push({ id: nextId(), option: 'Free', amount: 0, currency: 'USD' });
      texts.push(rng.pick(['Free.', 'Free of charge.', 'No cost to participants.']));
    } else if (k === 'sliding') {
      const low = rng.pick([0, 5, 10, 15, 20]);
      const high = low + rng.pick([25, 40, 60, 80]);
      options.push({
        id: nextId(),
        option: 'Sliding scale',
        currency: 'USD',
        amount_description: `$${low}–$${high} per visit, based on household income and size.`,
      });
      texts.push('Sliding fee scale based on income; no one is turned away for inability to pay.');
    } else if (k === 'insurance') {
      options.push({
        id: nextId(),
        option: 'Insurance',
        currency: 'USD',
        amount_description:
          'Health First Colorado (Medicaid), CHP+, Medicare and most private plans.',
      });
      texts.push('Insurance accepted, including Health First Colorado (Medicaid) and Medicare.');
    } else {
      const [amount, what] = template.fee ?? [10, 'per visit'];
      options.push({
        id: nextId(),
        option: 'Fee',
        amount,
        currency: 'USD',
        amount_description: what,
      });
      texts.push(`$${amount} ${what}.`);
    }
  }
  return { options, text: texts.join(' ') };
}
