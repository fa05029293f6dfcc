/**
 * axe-core, the accessibility checker, run inside an extension page or an extension frame drawn
 * on a web page. Its source is evaluated in the page (an extension page's CSP refuses inline
 * script tags; DevTools' evaluation is not subject to it), then `axe.run` checks the document.
 * Only serious and critical violations are returned, each as one readable line: the rule, the
 * elements (axe's selectors) and what to fix.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export type Scheme = 'light' | 'dark';

/** What one violation found, as printed. */
interface Found {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

/**
 * The serious and critical violations axe finds in `target`'s document now, one line a rule:
 * `<where>: <impact> <rule>: <help> — <selectors> (<what axe says about the first>) <help URL>`.
 */
export async function seriousViolations(target: Page | Frame, where: string): Promise<string[]> {
  const loaded = await target.evaluate(() => 'axe' in globalThis);
  if (!loaded) await target.evaluate(`${AXE_SOURCE}\n;undefined`);
  const found = await target.evaluate(async () => {
    type Axe = {
      run(
        context: Document,
        options: object,
      ): Promise<{
        violations: {
          id: string;
          impact?: string | null;
          help: string;
          helpUrl: string;
          nodes: { target: unknown[]; failureSummary?: string }[];
        }[];
      }>;
    };
    const { axe } = globalThis as unknown as { axe: Axe };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' '),
          summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
        })),
      }));
  });
  // One line per rule: its elements (the first five, and how many more), what axe says about
  // the first, and where the rule is explained.
  return (found as Found[]).map((v) => {
    const targets = v.nodes.slice(0, 5).map((n) => n.target);
    if (v.nodes.length > 5) targets.push(`and ${v.nodes.length - 5} more`);
    return `${where}: ${v.impact} ${v.id}: ${v.help} — ${targets.join(', ')} (${v.nodes[0]?.summary ?? ''}) ${v.helpUrl}`;
  });
}

/** Emulate the colour scheme and wait until the page's documents report it. */
export async function useScheme(page: Page, scheme: Scheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  const query = '(prefers-color-scheme: dark)';
  for (const frame of page.frames()) {
    await frame
      .waitForFunction(
        ([q, dark]) => matchMedia(q as string).matches === dark,
        [query, scheme === 'dark'] as const,
        { timeout: 5_000 },
      )
      .catch(() => undefined); // a frame gone meanwhile
  }
}

/**
 * Check the documents `targets` returns (looked up again after each scheme change: frames can
 * be re-created) in light, then dark. All the violations found, in both.
 */
export async function checkBothSchemes(
  page: Page,
  where: string,
  targets: () => Promise<readonly (readonly [string, Page | Frame])[]>,
): Promise<string[]> {
  const all: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await useScheme(page, scheme);
    for (const [name, target] of await targets()) {
      all.push(
        ...(await seriousViolations(
          target,
          name ? `${where} ${name} (${scheme})` : `${where} (${scheme})`,
        )),
      );
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return all;
}

/** A failure message that lists every violation, one per line. */
export function report(violations: readonly string[]): string {
  return violations.length === 0
    ? 'no serious or critical violations'
    : `${violations.length} serious or critical accessibility violations:\n  ${violations.join('\n  ')}`;
}
