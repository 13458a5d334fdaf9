/**
 * A handle on the garbage collector without a command-line flag (npm scripts run plain `tsx`), so
 * memory figures describe live data rather than whatever garbage happens to be uncollected.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;
try {
  v8.setFlagsFromString('--expose-gc');
  collect = vm.runInNewContext('gc') as () => void;
} catch {
  collect = undefined;
}

export const gcAvailable = collect !== undefined;

export function gc(): void {
  // Twice: the first pass may only queue finalizers that free more on the second.
  collect?.();
  collect?.();
}
