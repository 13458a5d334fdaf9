/** The reference routing backend (its own Express app; main.ts runs it as a process). */
export * from './app';
