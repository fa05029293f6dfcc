import { useState } from 'preact/hooks';
import type { AccountLensDB } from '../../db/database.ts';
import type { WriteContext } from '../../db/write.ts';
import { errorText } from '../errors.ts';
import { writeContext } from '../identity.ts';

export interface Writer {
  readonly error: string | undefined;
  readonly busy: boolean;
  /** Run one write; its error (a ValidationError names the field) is kept for display. */
  run(write: (ctx: WriteContext) => Promise<unknown>): Promise<boolean>;
  clear(): void;
}

/** Per form or row: its own error message, so a failed edit is shown where it was made. */
export function useWriter(db: AccountLensDB): Writer {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  return {
    error,
    busy,
    clear: () => setError(undefined),
    run: async (write) => {
      setError(undefined);
      setBusy(true);
      try {
        await write(await writeContext(db));
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

export function WriteError({ writer, id }: { writer: Writer; id?: string }) {
  if (!writer.error) return null;
  return (
    <p class="error" role="alert" id={id}>
      {writer.error}
    </p>
  );
}
