/**
 * Chinese identifiers checked wherever they are entered (tickets, enterprise profiles): the unified
 * social credit code (统一社会信用代码, GB 32100-2015). No imports, so the pages' scripts may use it too.
 */
export * from './uscc';
