export * from './common.ts';
export * from './entities.ts';
export * from './enums.ts';
export * from './settings.ts';
export * from './sync.ts';
export * from './validate.ts';
