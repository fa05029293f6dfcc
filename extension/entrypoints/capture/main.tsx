import { useEffect, useState } from 'preact/hooks';
import { CapturePreview } from '../../capture/Preview.tsx';
import { problemText } from '../../capture/problem.ts';
import type { CaptureSession } from '../../capture/schema.ts';
import { loadSession } from '../../capture/session.ts';
import { getDb } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { boot } from '../../ui/boot.tsx';
import '../../ui/theme.css';
import './style.css';

const db = getDb();

/**
 * The capture preview, opened by the background as `capture.html?session=<id>` once a page (or
 * a selection) has been read. The capture itself waits in `storage.session`.
 */
function CapturePage() {
  // undefined: loading; null: gone (the browser restarted, or an id that never existed).
  const [session, setSession] = useState<CaptureSession | null | undefined>(undefined);
  useEffect(() => {
    const id = new URLSearchParams(location.search).get('session') ?? '';
    loadSession(id).then(
      (found) => setSession(found ?? null),
      () => setSession(null),
    );
  }, []);
  if (session === undefined) return <p class="muted capture">{t('capture.loading')}</p>;
  if (session === null) return <Problem text={t('capture.gone')} />;
  if (session.problem)
    return (
      <Problem text={problemText(session.problem.kind, session.problem.detail)} url={session.url} />
    );
  return <CapturePreview db={db} session={session} />;
}

function Problem(props: { text: string; url?: string }) {
  return (
    <main class="capture">
      <h1>{t('capture.title')}</h1>
      {props.url && <p class="muted source-url">{t('capture.from', { url: props.url })}</p>}
      <p class="error" role="alert">
        {props.text}
      </p>
      <button type="button" onClick={() => window.close()}>
        {t('capture.close')}
      </button>
    </main>
  );
}

void boot(
  () => t('capture.title'),
  () => <CapturePage />,
);
