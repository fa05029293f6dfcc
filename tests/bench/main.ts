import { pathToFileURL } from 'node:url';

const file = process.argv[2];
if (!file) throw new Error('usage: main.ts <file.bench.ts>');
const mod: unknown = await import(pathToFileURL(file).href);
const main = (mod as { default?: unknown }).default;
if (typeof main !== 'function') throw new Error(`${file} has no default export function`);
await main();
