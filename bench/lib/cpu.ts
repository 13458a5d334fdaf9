/**
 * Where an HTTP benchmark's CPU goes: this process's main thread and its other threads (V8's
 * garbage-collection helpers, libuv), and Redis's, read before and after a run.
 */
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports thread times in these ticks. */
const TICKS_PER_S = 100;

export interface ProcessCpu {
  /** All threads of this process, in ms. */
  total: number;
  /** The JavaScript thread alone, in ms; undefined without /proc. */
  main?: number;
}

function mainThreadMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

export function processCpu(): ProcessCpu {
  const { user, system } = process.cpuUsage();
  const main = mainThreadMs();
  return { total: (user + system) / 1000, ...(main === undefined ? {} : { main }) };
}

/** CPU used since `before`, per request, in ms. */
export function cpuPerRequest(before: ProcessCpu, after: ProcessCpu, requests: number): { total: number; main?: number; helpers?: number } {
  const total = (after.total - before.total) / requests;
  if (before.main === undefined || after.main === undefined) return { total };
  const main = (after.main - before.main) / requests;
  return { total, main, helpers: total - main };
}

/** What the benchmark asks of Redis directly. */
export interface RedisInfo {
  info(section: string): Promise<unknown>;
}

/** Numeric fields of one INFO section (absent fields read as 0). */
export async function redisInfoNumbers(redis: RedisInfo, section: string): Promise<(field: string) => number> {
  const info = String(await redis.info(section));
  return (field) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
}

/** Redis's CPU (INFO cpu: used_cpu_user + used_cpu_sys), in ms. */
export async function redisCpuMs(redis: RedisInfo): Promise<number> {
  const field = await redisInfoNumbers(redis, 'cpu');
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}
