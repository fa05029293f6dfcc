import { t } from '../i18n/index.ts';
import type { CaptureProblem } from './schema.ts';

/** Why a page could not be captured, in the rep's words (popup and preview alike). */
export function problemText(problem: CaptureProblem, detail = ''): string {
  return problem === 'restricted'
    ? t('capture.problem.restricted')
    : t('capture.problem.failed', { detail });
}
