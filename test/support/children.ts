/** Start and kill dispatcher child processes (test/support/dispatcher-child.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export interface DispatcherChild {
  readonly consumer: string;
  readonly process: ChildProcess;
  /** Counts of events seen on the child's stdout. */
  readonly events: Map<string, number>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export async function startDispatcherChild(env: Record<string, string>, readyTimeoutMs = 20_000): Promise<DispatcherChild> {
  const file = join(__dirname, 'dispatcher-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  live.add(child);
  const events = new Map<string, number>();
  const exited = new Promise<void>((r) => child.on('exit', () => {
    live.delete(child);
    r();
  }));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dispatcher child not ready')), readyTimeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dispatcher child exited with ${code}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const o = JSON.parse(line) as { e?: string };
        if (!o.e) return;
        events.set(o.e, (events.get(o.e) ?? 0) + 1);
        if (o.e === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      } catch {
        // not ours
      }
    });
  });
  await ready;
  return {
    consumer: env.CONSUMER ?? '',
    process: child,
    events,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
