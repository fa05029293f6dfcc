// Taking a team's data out: CSV a spreadsheet opens safely (formulas escaped, UTF-8 with BOM).
export { type CsvCell, FORMULA_START, toCsv, UTF8_BOM } from './csv.ts';
export {
  cellOf,
  type ExportNames,
  isTimeField,
  ORDER_COLUMNS,
  ordersCsv,
  tableColumns,
  tableCsv,
} from './tables.ts';
export { contactsVcf, type VcardContext } from './vcard.ts';
