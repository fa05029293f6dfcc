// The public surface of shared/: the extension and the server import only from here.
export * from './i18n/domain.ts';
export * from './i18n/index.ts';
export * from './matching/index.ts';
export * from './next-actions/index.ts';
export * from './pipeline/index.ts';
export * from './roles/index.ts';
export * from './schema/index.ts';
export * from './segmentation/index.ts';
export * from './segmentation/orders.ts';
export * from './sync/index.ts';
