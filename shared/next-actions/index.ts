// The next-actions rules engine: pure (snapshot, settings, now) => Action[].
export { accountAction, startOfLocalDay } from './action.ts';
export {
  compareActions,
  type DecidedAction,
  decidedActions,
  type NextActionsOptions,
  nextActions,
  type PreparedSnapshot,
  prepareSnapshot,
  sortActions,
  visitNextActions,
} from './engine.ts';
export { nextActionsCatalog } from './messages.ts';
export { RULES } from './registry.ts';
export { missingFileFields } from './rules/incompleteFile.ts';
export {
  type AccountContext,
  type Action,
  type Priority,
  RULE_IDS,
  type Rule,
  type RuleId,
  type Snapshot,
} from './types.ts';
