// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draftOf, rowStartsSelected } from '../../extension/capture/draft.ts';
import { NameNotes, nameNoteIds, nameNotes } from '../../extension/capture/NameNotes.tsx';
import { setLanguage } from '../../extension/i18n/index.ts';
import type { ContactCandidate } from '../../shared/capture/types.ts';

const candidate = (fields: Partial<ContactCandidate>): ContactCandidate => ({
  name: 'Anna Berg',
  emails: [],
  phones: [],
  fields: {},
  ...fields,
});

let host: HTMLElement;
beforeEach(() => {
  setLanguage('en');
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
  setLanguage('auto');
});

describe('the notes under a captured name', () => {
  it('show the honorifics the page wrote, kept out of the name', () => {
    const c = candidate({ honorifics: ['Herr', 'Prof.', 'Dr.'] });
    expect(draftOf(c).name).toBe('Anna Berg');
    const notes = nameNotes(c, 'Anna Berg');
    render(<NameNotes id="c0" notes={notes} />, host);
    expect(host.querySelector('#c0-honorifics')?.textContent).toBe(
      'Title or degree on the page: Herr Prof. Dr. (left out of the name)',
    );
    expect(nameNoteIds('c0', notes)).toEqual(['c0-honorifics']);
  });

  it('in Chinese too', () => {
    setLanguage('zh_CN');
    render(
      <NameNotes
        id="c1"
        notes={nameNotes(candidate({ name: '王小明', honorifics: ['先生'] }), '王小明')}
      />,
      host,
    );
    expect(host.textContent).toBe('页面上的称谓或学位：先生（不计入姓名）');
  });

  it('ask the rep to type a missing name, until they change it', () => {
    const c = candidate({ name: '', nameFlag: 'missing', emails: ['priya@acme.com'] });
    render(<NameNotes id="c2" notes={nameNotes(c, '')} />, host);
    expect(host.querySelector('[data-flag="missing"]')?.id).toBe('c2-name-flag');
    expect(host.textContent).toContain('type the name in');
    expect(nameNotes(c, 'Priya Sharma')).toEqual({});
  });

  it('flag a one-word name and an unsure guess', () => {
    expect(nameNotes(candidate({ name: 'Priya', nameFlag: 'single' }), 'Priya')).toEqual({
      flag: 'single',
    });
    const notes = nameNotes(
      candidate({ name: 'Priya S', nameFlag: 'unsure', honorifics: ['Dr.'] }),
      'Priya S',
    );
    expect(nameNoteIds('c3', notes)).toEqual(['c3-name-flag', 'c3-honorifics']);
    render(<NameNotes id="c3" notes={notes} />, host);
    expect(host.querySelector('.name-flag')?.textContent).toContain('Check the name');
  });

  it('draw nothing for a plain, checked name', () => {
    render(<NameNotes id="c4" notes={nameNotes(candidate({}), 'Anna Berg')} />, host);
    expect(host.innerHTML).toBe('');
  });

  it('a person without a name starts unticked, so the other rows still save', () => {
    const nameless = candidate({ name: '', nameFlag: 'missing', emails: ['priya@acme.com'] });
    expect(rowStartsSelected({ kind: 'new' }, nameless)).toBe(false);
    expect(rowStartsSelected({ kind: 'new' }, candidate({ nameFlag: 'single' }))).toBe(true);
    expect(rowStartsSelected({ kind: 'new' }, undefined)).toBe(true);
    expect(rowStartsSelected({ kind: 'saved', contactId: 'x' }, undefined)).toBe(false);
  });
});
