import { useState } from 'preact/hooks';
import { download } from '../../ui/download.ts';
import { errorText } from '../../ui/errors.ts';

/** A file the rep is handed: its name, its content and its media type. */
export interface ExportFile {
  readonly name: string;
  readonly content: string | Uint8Array<ArrayBuffer>;
  readonly type: string;
}

/**
 * A button that makes a file from what the table shows and hands it to the rep. `make` loads
 * the export code (papaparse, ical.js, exceljs) on the first click, not with the page.
 */
export function ExportButton(props: {
  label: string;
  hint: string;
  kind: string;
  make: () => Promise<ExportFile>;
}) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const file = await props.make();
      download(file.name, file.content, file.type);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        data-export={props.kind}
        disabled={busy}
        title={props.hint}
        onClick={() => void run()}
      >
        {props.label}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
