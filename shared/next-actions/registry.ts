/**
 * Every rule, in one list. The order does not matter for the result (actions are sorted), only
 * for reading. Priorities each rule gives (0 = most urgent):
 *
 * | rule                 | priority                          | due                                |
 * |----------------------|-----------------------------------|------------------------------------|
 * | complaintOverdue     | 0 key tiers (from logging),       | complaint + response hours         |
 * |                      | 2 others (once overdue)           |                                    |
 * | buyingSignal         | 1 key tiers, 2 others             | the signal                         |
 * | missingDecisionMaker | 2                                 | the open deal's creation           |
 * | opponentActive       | 2                                 | the open deal's creation           |
 * | stageStale           | 2                                 | last progress + stale days         |
 * | task                 | 2                                 | task due date, else its creation   |
 * | touchCadence         | 2 key tiers, 3 others             | last touch + cadence               |
 * | reorderDue           | 2 key tiers, 3 others             | predicted order − lead days        |
 * | winBack              | 2 key tiers, 3 others             | now (a state, not a deadline)      |
 * | noChampion           | 3                                 | the open deal's creation           |
 * | unprofitable         | 3                                 | now                                |
 * | incompleteFile       | 3 (key tiers only)                | now                                |
 * | notYetTiered         | 3 (accounts without value data)   | now                                |
 * | upgradePlan          | 4                                 | now                                |
 */
import { buyingSignal } from './rules/buyingSignal.ts';
import { complaintOverdue } from './rules/complaintOverdue.ts';
import { incompleteFile } from './rules/incompleteFile.ts';
import { missingDecisionMaker } from './rules/missingDecisionMaker.ts';
import { noChampion } from './rules/noChampion.ts';
import { notYetTiered } from './rules/notYetTiered.ts';
import { opponentActive } from './rules/opponentActive.ts';
import { reorderDue } from './rules/reorderDue.ts';
import { stageStale } from './rules/stageStale.ts';
import { task } from './rules/task.ts';
import { touchCadence } from './rules/touchCadence.ts';
import { unprofitable } from './rules/unprofitable.ts';
import { upgradePlan } from './rules/upgradePlan.ts';
import { winBack } from './rules/winBack.ts';
import type { Rule } from './types.ts';

export const RULES: readonly Rule[] = [
  { id: 'touchCadence', run: touchCadence },
  { id: 'missingDecisionMaker', run: missingDecisionMaker },
  { id: 'noChampion', run: noChampion },
  { id: 'opponentActive', run: opponentActive },
  { id: 'stageStale', run: stageStale },
  { id: 'reorderDue', run: reorderDue },
  { id: 'complaintOverdue', run: complaintOverdue },
  { id: 'buyingSignal', run: buyingSignal },
  { id: 'upgradePlan', run: upgradePlan },
  { id: 'unprofitable', run: unprofitable },
  { id: 'incompleteFile', run: incompleteFile },
  { id: 'winBack', run: winBack },
  { id: 'notYetTiered', run: notYetTiered },
  { id: 'task', run: task },
];
