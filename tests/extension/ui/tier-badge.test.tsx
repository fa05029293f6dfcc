// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../extension/i18n/index.ts';
import type { AccountView } from '../../../extension/ui/account/data.ts';
import { Summary } from '../../../extension/ui/account/Summary.tsx';
import { TierBadge } from '../../../extension/ui/TierBadge.tsx';
import type { Account, AccountInsight } from '../../../shared/index.ts';

const ID = '01HVA000000000000000000001';

const account = (fields: Partial<Account> = {}): Account => ({
  id: ID,
  createdAt: 0,
  deleted: false,
  name: 'Nova GmbH',
  domains: [],
  contactPoints: [],
  orders: [],
  ...fields,
});

const untieredInsight: AccountInsight = {
  id: ID,
  deleted: false,
  tier: 'small',
  tierSource: 'untiered',
  rank: 3,
  bookSize: 3,
  value: { historical: 0, current: 0, potential: 0, total: 0 },
  flags: [],
  status: 'potential',
  loyalty: 'qualifiedProspect',
  relationshipStage: 'incubation',
  strategy: 'addValueData',
  computedAt: 0,
};

/** The side panel's header for an account and its insight, as text. */
function summaryOf(a: Account, insight: AccountInsight | undefined): HTMLElement {
  const view = { account: a, insight } as unknown as AccountView;
  render(<Summary view={view} />, document.body);
  return document.body;
}

beforeEach(() => setLanguage('en'));
afterEach(() => {
  render(null, document.body);
  setLanguage('auto');
});

describe('the tier as the rep sees it', () => {
  it('an account not yet tiered shows “Not yet tiered: add revenue or potential”, with no rank', () => {
    const body = summaryOf(account(), untieredInsight);
    expect(body.querySelector('.tier-badge')?.getAttribute('data-tier')).toBe('untiered');
    expect(body.querySelector('.tier-badge')?.textContent).toBe('Not yet tiered');
    expect(body.textContent).toContain('Not yet tiered: add revenue or potential.');
    expect(body.textContent).not.toContain('Small');
    expect(body.textContent).not.toMatch(/rank/i);
  });

  it('in Chinese: 未分级：请补充收入或潜在收入', () => {
    setLanguage('zh_CN');
    const body = summaryOf(account(), untieredInsight);
    expect(body.querySelector('.tier-badge')?.textContent).toBe('未分级');
    expect(body.textContent).toContain('未分级：请补充收入或潜在收入。');
  });

  it('before any segmentation, an account without value data is not yet tiered; with value data it has no tier yet', () => {
    expect(summaryOf(account(), undefined).textContent).toContain(
      'Not yet tiered: add revenue or potential.',
    );
    const valued = summaryOf(account({ revenue12m: 1_000 }), undefined);
    expect(valued.querySelector('.tier-badge')?.getAttribute('data-tier')).toBe('none');
    expect(valued.textContent).not.toContain('Not yet tiered');
  });

  it('the badge names the tier, or none', () => {
    render(<TierBadge tier="untiered" />, document.body);
    expect(document.body.textContent).toBe('Not yet tiered');
    // The ids stay (keyStrategic, key: synced data); the labels are what the seeds mean.
    render(<TierBadge tier="keyStrategic" />, document.body);
    expect(document.body.textContent).toBe('Key');
    render(<TierBadge tier="key" />, document.body);
    expect(document.body.textContent).toBe('Major');
  });
});
