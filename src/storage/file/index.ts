/**
 * The embedded default on files under DATA_DIR, for one instance: the checksummed JSON-lines
 * journal (fsynced before acknowledging) and the ticket and knowledge stores built on it.
 */
export * from './journal';
export * from './ticket-store';
export * from './kb-store';
export * from './record-store';
export * from './policy-stores';
