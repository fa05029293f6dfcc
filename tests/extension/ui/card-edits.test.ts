import { describe, expect, it } from 'vitest';
import { contactChanges } from '../../../extension/ui/account/ContactEditForm.tsx';
import { dealChanges } from '../../../extension/ui/account/DealEditForm.tsx';
import { Contact, Opportunity } from '../../../shared/index.ts';

const ID = '01J0000000000000000000000A';
const ACCOUNT = '01J0000000000000000000000B';

describe("a card's Edit form writes only what changed", () => {
  const jane = Contact.parse({
    id: ID,
    createdAt: 1,
    accountId: ACCOUNT,
    name: 'Jane Doe',
    title: 'CTO',
    roles: ['evaluator'],
    attitude: 'neutral',
  });
  const draft = {
    name: 'Jane Doe',
    title: 'CTO',
    roles: ['evaluator' as const],
    attitude: 'neutral' as const,
    strength: '',
    motive: '',
  };

  it('nothing for an unchanged contact', () => {
    expect(contactChanges(jane, draft)).toEqual({});
  });

  it('roles in the committee order; a cleared title or attitude is removed', () => {
    expect(
      contactChanges(jane, {
        ...draft,
        title: ' ',
        roles: ['evaluator', 'decisionMaker'],
        attitude: '',
        strength: '4',
      }),
    ).toEqual({
      title: null,
      roles: ['decisionMaker', 'evaluator'],
      attitude: null,
      relationshipStrength: 4,
    });
  });

  const deal = Opportunity.parse({
    id: ID,
    createdAt: 1,
    accountId: ACCOUNT,
    name: 'Line 3',
    stage: 'presentation',
    amount: 10_000,
    currency: 'USD',
    stageChangedAt: 1,
    nextStep: 'Demo',
  });
  const dealDraft = {
    name: 'Line 3',
    stage: 'presentation' as const,
    amount: '10000',
    expectedClose: '',
    nextStep: 'Demo',
  };

  it('a new stage is entered now; a cleared next step is removed; amounts read as typed', () => {
    expect(dealChanges(deal, dealDraft, 5)).toEqual({});
    expect(
      dealChanges(deal, { ...dealDraft, stage: 'negotiation', amount: '12,500', nextStep: '' }, 5),
    ).toEqual({ stage: 'negotiation', stageChangedAt: 5, amount: 12_500, nextStep: null });
  });

  it('an unreadable amount is an error naming the field', () => {
    expect(() => dealChanges(deal, { ...dealDraft, amount: 'lots' }, 5)).toThrow(/amount/);
  });
});
