/** Policy matching: enterprise profiles, sizes, eligibility rules and their three-valued evaluation. */
export * from './eligibility';
export * from './extract';
export * from './elapsed';
export * from './evaluate';
export * from './match';
export * from './profile';
export * from './size';
export * from './registry';
export * from './answers';
export * from './chooser';
export * from './industries';
export * from './knowledge';
export * from './notices';
export * from './notice-scan';
export * from './stats';
