export * from './schema';
export * from './store';
export * from './dispatcher';
export * from './service';
