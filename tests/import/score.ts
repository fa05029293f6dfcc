import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { detectEntity, IMPORT_ENTITIES, mapColumns } from '../../shared/import/index.ts';

/** One file's headers and what a careful person would map them to. */
export const MappingCase = z.object({
  id: z.string(),
  source: z.string(),
  entity: z.enum(IMPORT_ENTITIES as [string, ...string[]]),
  headers: z.array(z.string()),
  expected: z.record(z.string(), z.string().nullable()),
});
export type MappingCase = z.infer<typeof MappingCase>;

export const readCases = (path: string): MappingCase[] =>
  z.array(MappingCase).parse(JSON.parse(readFileSync(path, 'utf8')));

export interface MappingScore {
  readonly cases: number;
  /** Files whose kind of rows was detected right. */
  readonly entitiesRight: number;
  readonly columns: number;
  /** Columns mapped as expected (to the expected field, or left out when nothing was). */
  readonly columnsRight: number;
  /** Columns that should fill a field: how many were mapped to it (recall). */
  readonly toMap: number;
  readonly mappedRight: number;
  /** Columns mapped to some field: how many to the right one (precision). */
  readonly mapped: number;
  readonly misses: readonly string[];
}

/** Score the mapping (given the case's entity) and the detection of the entity. */
export function scoreMapping(cases: readonly MappingCase[]): MappingScore {
  let entitiesRight = 0;
  let columns = 0;
  let columnsRight = 0;
  let toMap = 0;
  let mappedRight = 0;
  let mapped = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const detected = detectEntity(c.headers).entity;
    if (detected === c.entity) entitiesRight++;
    else misses.push(`${c.id}: detected ${detected}, not ${c.entity}`);
    const result = mapColumns(c.entity as (typeof IMPORT_ENTITIES)[number], c.headers);
    for (const column of result) {
      const want = c.expected[column.header] ?? null;
      columns++;
      if (want !== null) toMap++;
      if (column.field !== null) mapped++;
      if (column.field === want) {
        columnsRight++;
        if (want !== null) mappedRight++;
      } else {
        misses.push(
          `${c.id}: "${column.header}" → ${column.field ?? '(left out)'}, not ${want ?? '(left out)'}`,
        );
      }
    }
  }
  return {
    cases: cases.length,
    entitiesRight,
    columns,
    columnsRight,
    toMap,
    mappedRight,
    mapped,
    misses,
  };
}

export function formatScore(name: string, s: MappingScore): string {
  const pct = (a: number, b: number) =>
    `${a}/${b} (${b === 0 ? '-' : ((100 * a) / b).toFixed(1)} %)`;
  return [
    `${name}: entity detected ${pct(s.entitiesRight, s.cases)}; columns right ${pct(s.columnsRight, s.columns)}; recall ${pct(s.mappedRight, s.toMap)}; precision ${pct(s.mappedRight, s.mapped)}`,
    ...s.misses.map((m) => `  miss: ${m}`),
  ].join('\n');
}
