/** Loading the capture fixtures: pages as happy-dom documents, signatures as text. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import type { ExpectedContact, ExpectedOrganization } from './score.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const PAGES_DIR = join(here, 'fixtures', 'pages');
export const SIGNATURES_DIR = join(here, 'fixtures', 'signatures');

export interface PageFixture {
  readonly name: string;
  readonly html: string;
  readonly expected: {
    readonly url: string;
    /** The page renders its content with an inline script: run it before reading. */
    readonly render?: boolean;
    readonly contacts: readonly ExpectedContact[];
    readonly organization: ExpectedOrganization;
  };
}

/** The pages of a fixture folder: the training set by default, or the held-out set. */
export function pageFixtures(dir: string = PAGES_DIR): PageFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.html$/, '');
      return {
        name,
        html: readFileSync(join(dir, f), 'utf8'),
        expected: JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')),
      };
    });
}

export interface SignatureFixture {
  readonly name: string;
  readonly text: string;
  /** null: the text holds no signature worth a contact. */
  readonly expected: ExpectedContact | null;
}

/** The signatures of a fixture folder: the training set by default, or the held-out set. */
export function signatureFixtures(dir: string = SIGNATURES_DIR): SignatureFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.txt$/, '');
      return {
        name,
        text: readFileSync(join(dir, f), 'utf8'),
        expected: JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')),
      };
    });
}

/** A static page as the browser parses it, scripts not run. */
export function parsePage(html: string, url: string): { document: Document; close: () => void } {
  const window = new Window({ url });
  const document = new window.DOMParser().parseFromString(html, 'text/html');
  return {
    document: document as unknown as Document,
    close: () => window.happyDOM.close(),
  };
}

/**
 * A page after its own inline scripts ran and their timers fired: the single-page-app fixture
 * draws its team 50 ms after load. Only our own fixtures are evaluated.
 */
export async function renderPage(
  html: string,
  url: string,
): Promise<{ document: Document; close: () => Promise<void> }> {
  const window = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableCSSFileLoading: true,
      disableJavaScriptFileLoading: true,
      navigation: { disableMainFrameNavigation: true },
    },
  });
  window.document.write(html);
  await window.happyDOM.waitUntilComplete();
  return {
    document: window.document as unknown as Document,
    close: () => window.happyDOM.close(),
  };
}
