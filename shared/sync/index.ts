export {
  compareHlc,
  formatHlc,
  type Hlc,
  HlcClock,
  type HlcClockOptions,
  HlcDriftError,
  HlcFormatError,
  isHlc,
  MAX_COUNTER,
  MAX_HLC_DRIFT_MS,
  MAX_WALL,
  maxHlc,
  parseHlc,
} from './hlc.ts';
export {
  canonicalJson,
  type FieldHistory,
  KEEP_LOSING_FIELDS,
  type LosingValue,
  type MergeInput,
  type MergeResult,
  mergeMutation,
  mergeRows,
  type RetractedValue,
  type StoredRow,
} from './merge.ts';
export { overlayPending, type PendingEdit } from './outbox.ts';
