/**
 * Load a webmail fixture page (tests/e2e/fixtures/webmail/) into happy-dom's document and switch
 * its views as the page's own script does in the browser (happy-dom runs no page scripts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURES = resolve('tests/e2e/fixtures/webmail');

export function fixtureHtml(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** The page's body, scripts left out. */
export function loadFixture(name: string, transform: (html: string) => string = (h) => h): void {
  const html = transform(fixtureHtml(name));
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '';
  document.title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
  document.body.innerHTML = body.replace(/<script[\s\S]*?<\/script>/g, '');
}

const clone = (id: string): DocumentFragment => {
  const template = document.getElementById(id) as HTMLTemplateElement | null;
  if (!template) throw new Error(`no template ${id}`);
  return template.content.cloneNode(true) as DocumentFragment;
};

/** A Location as adapters read it. */
export function at(url: string): Location {
  const u = new URL(url);
  return {
    href: u.href,
    hash: u.hash,
    pathname: u.pathname,
    search: u.search,
    hostname: u.hostname,
  } as Location;
}

/** gmail.html's showView: the thread view is hidden, not removed, when the inbox shows. */
export function gmailView(name: string): void {
  const list = document.getElementById('list') as HTMLElement;
  const thread = document.getElementById('thread') as HTMLElement;
  if (name === 'inbox') {
    list.replaceChildren(clone('view-inbox'));
    list.style.display = '';
    thread.style.display = 'none';
  } else {
    thread.replaceChildren(clone(`view-${name}`));
    thread.style.display = '';
    list.style.display = 'none';
  }
}

export function gmailCompose(): void {
  (document.getElementById('composes') as HTMLElement).replaceChildren(clone('view-compose'));
}

/** gmail.html's openSecondCompose: another popup beside the first. */
export function gmailSecondCompose(): void {
  (document.getElementById('composes') as HTMLElement).append(clone('view-compose-2'));
}

/** outlook.html and qq-new.html: one pane whose content is replaced. */
export function paneView(paneId: string, name: string): void {
  (document.getElementById(paneId) as HTMLElement).replaceChildren(clone(`view-${name}`));
}

/** netease.html: opened tabs stay, hidden. */
export function neteaseView(name: string): void {
  const tabs = document.getElementById('tabs') as HTMLElement;
  for (const el of tabs.children) (el as HTMLElement).style.display = 'none';
  const template = document.getElementById(`view-${name}`) as HTMLTemplateElement | null;
  const id = template?.content.firstElementChild?.id;
  let tab = id ? document.getElementById(id) : tabs.querySelector('.list');
  if (!tab && id) {
    tabs.append(clone(`view-${name}`));
    tab = document.getElementById(id);
  }
  (tab as HTMLElement).style.display = '';
}
