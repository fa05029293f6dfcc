// Bringing a book in: what a file's columns are (shared by the import wizard and the server's
// import command, so both read a file the same way).

export { attitudeOf, choiceKey, rolesOf, type StageChoice, stageOf, tierOf } from './choices.ts';
export { describeProblem, type ProblemLanguage } from './describe.ts';
export {
  IMPORT_ENTITIES,
  IMPORT_FIELDS,
  type ImportEntity,
  type ImportField,
} from './fields.ts';
export {
  decodeText,
  ImportFileError,
  MAX_COLUMNS,
  MAX_FILE_BYTES,
  parseTable,
  READ_CHUNK_BYTES,
  readTableFile,
  type Table,
  TableReader,
  type TextEncoding,
} from './file.ts';
export {
  type ColumnMapping,
  detectEntity,
  type EntityGuess,
  headerScore,
  mapColumns,
  type NormalisedHeader,
  normaliseHeader,
} from './mapping.ts';
export { type OpenedFile, openImportFile } from './open.ts';
export {
  type ExistingAccount,
  type ExistingBook,
  type ExistingContact,
  type ExistingOpportunity,
  type FieldChange,
  nameKey,
  type Plan,
  type PlannedRow,
  type PlannedWrite,
  type PlanOptions,
  type PlanTable,
  phoneKey,
  planImport,
} from './plan.ts';
export {
  type AccountDraft,
  type ContactDraft,
  type Drafts,
  looksLikeFormula,
  type OpportunityDraft,
  type OrderDraft,
  type ReadOptions,
  type RowProblem,
  type RowsRead,
  readRows,
} from './rows.ts';
export {
  type CellProblem,
  currencyOf,
  type DateOrder,
  detectDateOrder,
  type Read,
  readAmount,
  readDate,
  readShare,
} from './values.ts';
export { readVcards, VcardFileError } from './vcard.ts';
