export * from './similarity';
export * from './grouping';
export * from './analytics';
export * from './dismissals';
export * from './popular';
export * from './api';
