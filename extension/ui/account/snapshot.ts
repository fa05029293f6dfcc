import type { Snapshot } from '../../../shared/index.ts';
import type { AccountView } from './data.ts';

/**
 * The next-actions engine's input for one account. The stored insight is passed as the
 * segmentation (an empty map when there is none yet): the engine must not rank one account
 * against itself.
 */
export function accountSnapshot(view: AccountView): Snapshot {
  const { account, insight } = view;
  return {
    accounts: [account],
    contacts: view.contacts,
    notes: view.notes,
    opportunities: view.opportunities,
    tasks: view.tasks,
    decisions: view.decisions,
    insights: new Map(insight ? [[account.id, insight]] : []),
  };
}
