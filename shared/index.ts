// The public surface of shared/: the extension and the server import only from here.
export * from './schema/index.ts';
