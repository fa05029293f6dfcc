import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { classifyCandidate } from '../../shared/capture/index.ts';
import type { ContactCandidate } from '../../shared/capture/types.ts';
import {
  ATTITUDES,
  type Attitude,
  BUYING_ROLES,
  type BuyingRole,
  type Contact,
} from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { t } from '../i18n/index.ts';
import { writeContext } from '../ui/identity.ts';
import { useLiveQuery } from '../ui/live-query.ts';
import { openSidePanel } from '../ui/tabs.ts';
import {
  type AccountFileOffer,
  accountPointsOf,
  type CandidateDraft,
  candidateOf,
  type DraftField,
  draftOf,
  EMPTY_DRAFT,
  emailsOf,
  type FileOffer,
  fileOffers,
  MANUAL_SOURCE,
  type RowStatus,
  rowStartsSelected,
  rowStatus,
  savedContactOf,
} from './draft.ts';
import { NameNotes, nameNoteIds, nameNotes } from './NameNotes.tsx';
import {
  ACCOUNT_ROW,
  CaptureSaveError,
  contactPointText,
  type SavePoint,
  type SaveResult,
  saveCapture,
} from './save.ts';
import type { CaptureSession } from './schema.ts';
import { contactsToCompare, resolveTarget, type TargetAccount } from './target.ts';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

interface Row {
  readonly key: string;
  /** What the page said; absent for a row the rep added by hand. */
  readonly candidate?: ContactCandidate;
  readonly draft: CandidateDraft;
  /**
   * The rep's tick; undefined until they touch it (or edit the row), so it follows the status:
   * only new people start ticked, and only with a name (rowStartsSelected).
   */
  readonly selected?: boolean;
}

type SaveError = {
  readonly rowKey: string | undefined;
  readonly field: string | undefined;
  readonly message: string;
};

const initialRows = (session: CaptureSession): Row[] =>
  session.contacts.map((candidate, i) => ({ key: `c${i}`, candidate, draft: draftOf(candidate) }));

/** The organisation's shared mailboxes and lines, keyed like rows (`p0`, `p1`…). */
const pointsOf = (session: CaptureSession): SavePoint[] =>
  accountPointsOf(session.organization).map(({ index, point: p }) => ({
    key: `p${index}`,
    ...(p.email === undefined ? {} : { email: p.email }),
    ...(p.phone === undefined ? {} : { phone: p.phone }),
    ...(p.label === undefined ? {} : { label: p.label }),
  }));

/** The preview of one capture: who was found, the account they join, and Save. */
export function CapturePreview({ db, session }: { db: AccountLensDB; session: CaptureSession }) {
  const [rows, setRows] = useState<Row[]>(() => initialRows(session));
  const [target, setTarget] = useState<TargetAccount | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<SaveError | undefined>(undefined);
  const [result, setResult] = useState<SaveResult | undefined>(undefined);
  const manualCount = useRef(0);
  const points = useMemo(() => pointsOf(session), [session]);
  // Every shared mailbox and line starts ticked; these are the ones the rep unticked.
  const [leftOut, setLeftOut] = useState<ReadonlySet<string>>(() => new Set());
  const chosenPoints = points.filter((p) => !leftOut.has(p.key));
  const togglePoint = (key: string, on: boolean) => {
    setLeftOut((set) => {
      const next = new Set(set);
      if (on) next.delete(key);
      else next.add(key);
      return next;
    });
    setResult(undefined);
    if (error?.rowKey === key) setError(undefined);
  };

  useEffect(() => {
    const emails = session.contacts.flatMap((c) => c.emails);
    resolveTarget(db, { url: session.url, organization: session.organization, emails }).then(
      setTarget,
      (e: unknown) => setError({ rowKey: undefined, field: undefined, message: messageOf(e) }),
    );
  }, [db, session]);

  const accountId = target?.kind === 'existing' ? target.accountId : undefined;
  const emails = useMemo(() => [...new Set(rows.flatMap((r) => emailsOf(r.draft)))], [rows]);
  const live = useLiveQuery(
    () => contactsToCompare(db, accountId, emails),
    [db, accountId, emails.join('\n')],
  );
  // The query restarts as the rep types an address: keep showing the last answer meanwhile.
  const lastStored = useRef<Contact[] | undefined>(undefined);
  if (live.value) lastStored.current = live.value;
  const stored = live.value ?? lastStored.current;
  const storedById = useMemo(
    () => new Map((stored ?? []).map((c) => [c.id, c] as const)),
    [stored],
  );

  // The page's phone and address, offered for an existing account's file (a new account takes
  // them in its own form). The rep's ticks, by field; untouched ones follow the offer.
  const account = useLiveQuery(
    async () => (accountId ? ((await db.accounts.get(accountId)) ?? null) : null),
    [db, accountId],
  );
  const offers = useMemo(
    () =>
      target?.kind === 'existing' && account.value
        ? fileOffers(session.organization, account.value)
        : [],
    [target, account.value, session],
  );
  const [fileTicks, setFileTicks] = useState<Partial<Record<AccountFileOffer, boolean>>>({});
  const isOffered = (offer: FileOffer): boolean => fileTicks[offer.field] ?? offer.startsTicked;
  const chosenFile = offers.filter(isOffered);
  const toggleFile = (field: AccountFileOffer, on: boolean) => {
    setFileTicks((ticks) => ({ ...ticks, [field]: on }));
    setResult(undefined);
    if (error?.rowKey === ACCOUNT_ROW) setError(undefined);
  };

  const statuses = useMemo(() => {
    if (!stored || !target) return undefined;
    const byId = storedById;
    return new Map(
      rows.map((row) => {
        const classified = classifyCandidate(
          candidateOf(row.draft, row.candidate),
          stored,
          accountId,
        );
        return [row.key, rowStatus(classified, byId, row.draft)] as const;
      }),
    );
  }, [rows, stored, storedById, target, accountId]);

  const isSelected = (row: Row): boolean =>
    row.selected ?? rowStartsSelected(statuses?.get(row.key), row.candidate);
  const chosen = rows.filter(isSelected);

  const update = (key: string, change: Partial<Row>) => {
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)));
    setResult(undefined);
    if (error?.rowKey === key) setError(undefined);
  };
  // Editing a row the rep has not ticked or unticked ticks it: a role or an attitude given to
  // someone already saved is meant to be saved.
  const editDraft = (key: string, change: Partial<CandidateDraft>) =>
    setRows((list) =>
      list.map((r) =>
        r.key === key
          ? { ...r, draft: { ...r.draft, ...change }, selected: r.selected ?? true }
          : r,
      ),
    );

  const addByHand = () => {
    const key = `m${manualCount.current++}`;
    setRows((list) => [...list, { key, draft: EMPTY_DRAFT, selected: true }]);
    // Focus once the row is drawn: the rep goes straight on typing the name.
    requestAnimationFrame(() => document.getElementById(`${key}-name`)?.focus());
  };

  const nothingChosen = chosen.length === 0 && chosenPoints.length === 0 && chosenFile.length === 0;
  const save = async () => {
    if (!target || saving || nothingChosen) return;
    setSaving(true);
    setError(undefined);
    try {
      const saved = await saveCapture(await writeContext(db), {
        target,
        rows: chosen.map((r) => ({
          key: r.key,
          draft: r.draft,
          ...(r.candidate ? { candidate: r.candidate } : {}),
        })),
        contactPoints: chosenPoints,
        accountFile: Object.fromEntries(chosenFile.map((o) => [o.field, o.value])),
        sourceUrl: session.url,
        capturedAt: session.createdAt,
      });
      setResult(saved);
      // A value now on file is no longer offered; one the rep left out stays as they left it.
      setFileTicks({});
      setTarget({
        kind: 'existing',
        accountId: saved.accountId,
        name: saved.accountName,
        matchedBy:
          target.kind === 'existing'
            ? target.matchedBy
            : (target.domains.split(/[\s,;，；]+/)[0] ?? ''),
      });
      // Saved rows now read "already saved" and untick themselves; a row the rep left out
      // keeps their choice.
      const savedKeys = new Set(chosen.map((r) => r.key));
      setRows((list) =>
        list.map((r) => {
          if (!savedKeys.has(r.key)) return r;
          const { selected: _, ...rest } = r;
          return rest;
        }),
      );
    } catch (e) {
      const failure =
        e instanceof CaptureSaveError
          ? { rowKey: e.rowKey, field: e.field, message: e.message }
          : {
              rowKey: undefined,
              field: undefined,
              message: t('capture.error.save', { message: messageOf(e) }),
            };
      setError(failure);
      const prefix = failure.rowKey === ACCOUNT_ROW ? 'account' : failure.rowKey;
      const input =
        (failure.field ? document.getElementById(`${prefix}-${failure.field}`) : null) ??
        (points.some((p) => p.key === failure.rowKey)
          ? document.getElementById(`${failure.rowKey}-include`)
          : null);
      input?.focus();
    } finally {
      setSaving(false);
    }
  };

  const found = session.contacts.length;
  const ready = statuses !== undefined;
  return (
    <main class="capture">
      <header>
        <h1>{t('capture.title')}</h1>
        {session.url && (
          <p class="muted source-url">
            {t(session.kind === 'selection' ? 'capture.fromSelection' : 'capture.from', {
              url: session.url,
            })}
          </p>
        )}
      </header>
      <AccountSection
        target={target}
        error={error?.rowKey === ACCOUNT_ROW ? error : undefined}
        onChange={setTarget}
      >
        {offers.length > 0 && (
          <FileOffers
            offers={offers}
            isTicked={isOffered}
            error={error?.rowKey === ACCOUNT_ROW ? error : undefined}
            onToggle={toggleFile}
          />
        )}
        {points.length > 0 && (
          <ContactPoints
            points={points}
            leftOut={leftOut}
            error={points.some((p) => p.key === error?.rowKey) ? error : undefined}
            onToggle={togglePoint}
          />
        )}
      </AccountSection>
      <section class="people" aria-labelledby="people-heading">
        <h2 id="people-heading">{t('capture.list')}</h2>
        <p class="muted" role="status">
          {found === 0
            ? t(session.kind === 'selection' ? 'capture.none.selection' : 'capture.none')
            : found === 1
              ? t('capture.found.one')
              : t('capture.found', { n: found })}
        </p>
        {rows.length > 1 && ready && (
          <SelectAll
            count={chosen.length}
            total={rows.length}
            onChange={(on) => setRows((list) => list.map((r) => ({ ...r, selected: on })))}
          />
        )}
        {rows.length > 0 && (
          <ul class="candidates">
            {rows.map((row, i) => (
              <CandidateRow
                key={row.key}
                row={row}
                index={i}
                status={statuses?.get(row.key)}
                saved={savedContactOf(statuses?.get(row.key), storedById)}
                selected={isSelected(row)}
                error={error?.rowKey === row.key ? error : undefined}
                onSelect={(on) => update(row.key, { selected: on })}
                onEdit={(change) => {
                  editDraft(row.key, change);
                  setResult(undefined);
                }}
              />
            ))}
          </ul>
        )}
        <button type="button" class="add-by-hand" onClick={addByHand}>
          {t('capture.addByHand')}
        </button>
      </section>
      <footer class="save-bar">
        <div class="row">
          <button
            type="button"
            class="primary"
            disabled={!target || !ready || saving || nothingChosen}
            onClick={() => void save()}
          >
            {saving
              ? t('capture.saving')
              : nothingChosen
                ? t('capture.save.none')
                : chosen.length === 0
                  ? t('capture.save.pointsOnly')
                  : chosen.length === 1
                    ? t('capture.save.one')
                    : t('capture.save', { n: chosen.length })}
          </button>
          <button type="button" onClick={() => window.close()}>
            {t('capture.close')}
          </button>
        </div>
        {error && error.rowKey === undefined && (
          <p class="error" role="alert">
            {error.message}
          </p>
        )}
        {result && <Saved result={result} session={session} />}
      </footer>
    </main>
  );
}

function SelectAll(props: { count: number; total: number; onChange: (on: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.count > 0 && props.count < props.total;
  });
  return (
    <label class="row select-all">
      <input
        ref={ref}
        type="checkbox"
        checked={props.count === props.total}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {t('capture.selectAll')}
    </label>
  );
}

function AccountSection(props: {
  target: TargetAccount | undefined;
  error: SaveError | undefined;
  onChange: (target: TargetAccount) => void;
  children?: ComponentChildren;
}) {
  const { target } = props;
  return (
    <section class="account" aria-labelledby="account-heading">
      <h2 id="account-heading">{t('capture.account.heading')}</h2>
      {!target ? (
        <p class="muted">{t('capture.loading')}</p>
      ) : target.kind === 'existing' ? (
        <div data-account-id={target.accountId}>
          <p class="account-name">{t('capture.account.existing', { name: target.name })}</p>
          {target.matchedBy && (
            <p class="muted">{t('capture.account.matchedBy', { what: target.matchedBy })}</p>
          )}
        </div>
      ) : (
        <NewAccountFields
          target={target}
          error={props.error}
          onChange={(change) => props.onChange({ ...target, ...change })}
        />
      )}
      {props.children}
    </section>
  );
}

/** The company's shared mailboxes and lines: each ticked one is saved to the account. */
function ContactPoints(props: {
  points: readonly SavePoint[];
  leftOut: ReadonlySet<string>;
  error: SaveError | undefined;
  onToggle: (key: string, on: boolean) => void;
}) {
  const { error } = props;
  return (
    <fieldset class="contact-points" aria-describedby="contact-points-hint">
      <legend>{t('capture.account.contactPoints')}</legend>
      <p id="contact-points-hint" class="muted hint">
        {t('capture.account.contactPointsHint')}
      </p>
      <ul>
        {props.points.map((p) => {
          const on = !props.leftOut.has(p.key);
          const invalid = error?.rowKey === p.key;
          return (
            <li key={p.key} class="contact-point row" data-point={p.key}>
              <input
                type="checkbox"
                id={`${p.key}-include`}
                checked={on}
                aria-invalid={invalid ? 'true' : undefined}
                aria-describedby={invalid ? 'contact-points-error' : undefined}
                onChange={(e) => props.onToggle(p.key, e.currentTarget.checked)}
              />
              <label for={`${p.key}-include`}>{contactPointText(p)}</label>
            </li>
          );
        })}
      </ul>
      {error && (
        <p class="error" role="alert" id="contact-points-error">
          {error.message}
        </p>
      )}
    </fieldset>
  );
}

/**
 * The page's phone and address for the account's file, each with its own tick: ticked when
 * the file has nothing there, unticked (with what is on file) when it has.
 */
function FileOffers(props: {
  offers: readonly FileOffer[];
  isTicked: (offer: FileOffer) => boolean;
  error: SaveError | undefined;
  onToggle: (field: AccountFileOffer, on: boolean) => void;
}) {
  const { error } = props;
  return (
    <fieldset class="file-offers" aria-describedby="file-offers-hint">
      <legend>{t('capture.account.file')}</legend>
      <p id="file-offers-hint" class="muted hint">
        {t('capture.account.fileHint')}
      </p>
      <ul>
        {props.offers.map((offer) => {
          const id = `account-${offer.field}`;
          const invalid = error?.field === offer.field;
          return (
            <li key={offer.field} class="file-offer" data-field={offer.field}>
              <div class="row">
                <input
                  type="checkbox"
                  id={id}
                  checked={props.isTicked(offer)}
                  aria-invalid={invalid ? 'true' : undefined}
                  aria-describedby={
                    invalid ? 'file-offers-error' : offer.onFile ? `${id}-on-file` : undefined
                  }
                  onChange={(e) => props.onToggle(offer.field, e.currentTarget.checked)}
                />
                <label for={id}>
                  {t('capture.account.fileValue', {
                    field: t(`capture.field.${offer.field}`),
                    value: offer.value,
                  })}
                </label>
              </div>
              {offer.onFile && (
                <p id={`${id}-on-file`} class="muted hint on-file">
                  {t('capture.account.onFile', { value: offer.onFile })}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p class="error" role="alert" id="file-offers-error">
          {error.message}
        </p>
      )}
    </fieldset>
  );
}

type NewTarget = Extract<TargetAccount, { kind: 'new' }>;

function NewAccountFields(props: {
  target: NewTarget;
  error: SaveError | undefined;
  onChange: (change: Partial<NewTarget>) => void;
}) {
  const field = (key: 'name' | 'domains' | 'phone' | 'address', label: string) => {
    const invalid = props.error?.field === key;
    return (
      <div class="form-field">
        <label for={`account-${key}`}>{label}</label>
        <input
          id={`account-${key}`}
          name={`account-${key}`}
          value={props.target[key]}
          autoComplete="off"
          spellcheck={key !== 'domains'}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'account-error' : undefined}
          onInput={(e) => props.onChange({ [key]: e.currentTarget.value })}
        />
      </div>
    );
  };
  return (
    <div class="new-account">
      <p>
        <strong>{t('capture.account.new')}</strong>{' '}
        <span class="muted">{t('capture.account.newHint')}</span>
      </p>
      <div class="grid-form two-col">
        {field('name', t('capture.account.name'))}
        {field('domains', t('capture.field.domains'))}
        {field('phone', t('capture.field.phone'))}
        {field('address', t('capture.field.address'))}
      </div>
      {props.error && (
        <p class="error" role="alert" id="account-error">
          {props.error.message}
        </p>
      )}
    </div>
  );
}

function statusText(status: RowStatus | undefined): string {
  if (!status) return t('capture.loading');
  if (status.kind === 'new') return t('capture.status.new');
  if (status.kind === 'saved') return t('capture.status.saved');
  return t('capture.status.update', {
    fields: status.changed.map((f) => t(`capture.field.${f}`)).join(t('capture.listSeparator')),
  });
}

function sourcesOf(candidate: ContactCandidate | undefined): string {
  if (!candidate) return t(`capture.source.${MANUAL_SOURCE}`);
  const sources = new Set(
    Object.values(candidate.fields).flatMap((origin) => (origin ? [origin.source] : [])),
  );
  return [...sources].map((s) => t(`capture.source.${s}`)).join(t('capture.listSeparator'));
}

function CandidateRow(props: {
  row: Row;
  index: number;
  status: RowStatus | undefined;
  /** The stored contact the row matched: their saved roles and attitude are shown. */
  saved: Contact | undefined;
  selected: boolean;
  error: SaveError | undefined;
  onSelect: (on: boolean) => void;
  onEdit: (change: Partial<CandidateDraft>) => void;
}) {
  const { row, status, error, saved } = props;
  const id = row.key;
  const label = row.draft.name.trim() || t('capture.row.unnamed', { n: props.index + 1 });
  const input = (
    key: Exclude<DraftField, 'roles'>,
    text: string,
    extra: Record<string, unknown>,
  ) => {
    const invalid = error?.field === key;
    return (
      <div class="form-field">
        <label for={`${id}-${key}`}>{text}</label>
        <input
          id={`${id}-${key}`}
          name={key}
          value={row.draft[key]}
          autoComplete="off"
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onInput={(e) => props.onEdit({ [key]: e.currentTarget.value })}
          {...extra}
        />
      </div>
    );
  };
  const sources = sourcesOf(row.candidate);
  const notes = nameNotes(row.candidate, row.draft.name);
  const noteIds = nameNoteIds(id, notes).join(' ');
  return (
    <li
      class="candidate"
      data-row={row.key}
      data-status={status?.kind}
      data-selected={props.selected ? 'true' : 'false'}
    >
      <div class="candidate-head row">
        <input
          type="checkbox"
          id={`${id}-include`}
          checked={props.selected}
          onChange={(e) => props.onSelect(e.currentTarget.checked)}
        />
        <label for={`${id}-include`} class="candidate-name">
          {t('capture.row.include', { name: label })}
        </label>
        <span class="status-chip" data-kind={status?.kind}>
          {statusText(status)}
        </span>
      </div>
      <div class="grid-form two-col">
        {input('name', t('capture.field.name'), {
          'aria-required': 'true',
          'aria-describedby': error?.field === 'name' ? `${id}-error` : noteIds || undefined,
        })}
        {input('title', t('capture.field.title'), { maxLength: 200 })}
        {input('emails', t('capture.field.emails'), {
          spellcheck: false,
          'aria-describedby': error?.field === 'emails' ? `${id}-error` : `${id}-list-hint`,
        })}
        {input('phones', t('capture.field.phones'), {
          type: 'tel',
          'aria-describedby': error?.field === 'phones' ? `${id}-error` : `${id}-list-hint`,
        })}
      </div>
      <NameNotes id={id} notes={notes} />
      <span id={`${id}-list-hint`} class="hint">
        {t('capture.listHint')}
      </span>
      {saved && (
        <div class="saved-contact">
          {status?.kind === 'update' && <p class="muted matched">{t('capture.row.matched')}</p>}
          <SavedRoles id={id} roles={saved.roles} />
        </div>
      )}
      <RolePicker
        id={id}
        saved={saved?.roles ?? []}
        roles={row.draft.roles}
        onToggle={(role: BuyingRole, on: boolean) =>
          props.onEdit({
            roles: on ? [...row.draft.roles, role] : row.draft.roles.filter((r) => r !== role),
          })
        }
      />
      <div class="form-field attitude">
        <label for={`${id}-attitude`}>{t('capture.field.attitude')}</label>
        <select
          id={`${id}-attitude`}
          name="attitude"
          value={row.draft.attitude || saved?.attitude || ''}
          aria-invalid={error?.field === 'attitude' ? 'true' : undefined}
          onChange={(e) => props.onEdit({ attitude: e.currentTarget.value as Attitude | '' })}
        >
          {/* A saved attitude is kept unless another is picked: no "not set" to fall back to. */}
          {!saved?.attitude && <option value="">{t('capture.attitude.none')}</option>}
          {ATTITUDES.map((a) => (
            <option key={a} value={a}>
              {t(`attitude.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {sources && <p class="muted sources">{t('capture.row.source', { sources })}</p>}
      {error && (
        <p class="error" role="alert" id={`${id}-error`}>
          {error.message}
        </p>
      )}
    </li>
  );
}

/** The roles saved for a matched contact, as read-only chips. */
function SavedRoles(props: { id: string; roles: readonly BuyingRole[] }) {
  const labelId = `${props.id}-saved-roles`;
  return (
    <div class="saved-roles">
      <span id={labelId} class="muted">
        {t('capture.row.savedRoles')}
      </span>
      {props.roles.length === 0 ? (
        <span class="muted"> {t('capture.row.noSavedRoles')}</span>
      ) : (
        <ul class="role-chips" aria-labelledby={labelId}>
          {BUYING_ROLES.filter((r) => props.roles.includes(r)).map((r) => (
            <li key={r} class="chip">
              {t(`role.${r}`)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * One checkbox per buying role; for someone already saved, only the roles they do not have
 * yet (a save adds roles, it never takes one away), under "Add roles".
 */
function RolePicker(props: {
  id: string;
  saved: readonly BuyingRole[];
  roles: readonly BuyingRole[];
  onToggle: (role: BuyingRole, on: boolean) => void;
}) {
  const offered = BUYING_ROLES.filter((r) => !props.saved.includes(r));
  if (offered.length === 0) return null;
  return (
    <fieldset class="roles">
      <legend>{t(props.saved.length > 0 ? 'capture.row.addRoles' : 'capture.field.roles')}</legend>
      {offered.map((role) => (
        <label key={role} class="role">
          <input
            type="checkbox"
            name={`${props.id}-role`}
            value={role}
            checked={props.roles.includes(role)}
            onChange={(e) => props.onToggle(role, e.currentTarget.checked)}
          />
          {t(`role.${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

function Saved({ result, session }: { result: SaveResult; session: CaptureSession }) {
  const [panelError, setPanelError] = useState<string | undefined>(undefined);
  const n = result.created.length + result.updated.length;
  const account = result.accountName;
  const points = result.pointsAdded;
  const fileText =
    result.fileUpdated.length === 0
      ? ''
      : t('capture.saved.file', {
          account,
          fields: result.fileUpdated.map((f) => t(`capture.field.${f}`)).join(t('capture.and')),
        });
  const pointsText = [
    points === 0
      ? ''
      : points === 1
        ? t('capture.saved.points.one', { account })
        : t('capture.saved.points', { n: points, account }),
    fileText,
  ]
    .filter((s) => s !== '')
    .join(' ');
  const open = () => {
    setPanelError(undefined);
    const inTab = () =>
      browser.tabs.create({
        url: `${browser.runtime.getURL('/sidepanel.html')}?account=${result.accountId}`,
      });
    // Straight from the click (Chrome opens the side panel only on a user gesture), beside the
    // page the contacts came from. Firefox's sidebar opens only in the window of the click, and
    // this preview is a popup window, which has none: there, the same page in a tab.
    const opening =
      typeof browser.sidePanel?.open === 'function' && session.tabId !== undefined
        ? openSidePanel(
            { id: session.tabId, windowId: session.windowId, url: undefined, title: undefined },
            result.accountId,
          ).catch(inTab)
        : inTab();
    opening.catch((e: unknown) => setPanelError(t('popup.panelFailed', { message: messageOf(e) })));
  };
  return (
    <div class="saved-result" role="status">
      <p class="saved">
        {n === 0
          ? pointsText || t('capture.saved.nothing', { account })
          : n === 1
            ? t('capture.saved.one', { account })
            : t('capture.saved', { n, account })}{' '}
        {n > 0 && (
          <span class="muted">
            {t('capture.saved.detail', {
              created: result.created.length,
              updated: result.updated.length,
            })}
          </span>
        )}
        {n > 0 && pointsText !== '' && ` ${pointsText}`}
      </p>
      <button type="button" class="open-panel" data-account-id={result.accountId} onClick={open}>
        {t('capture.openPanel', { account })}
      </button>
      {panelError && <p class="error">{panelError}</p>}
    </div>
  );
}
