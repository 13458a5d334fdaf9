/**
 * The Lua scripts in ./commands, run with EVALSHA and re-sent with EVAL when Redis answers NOSCRIPT
 * (its script cache is empty after a restart, and on a replica just promoted by a Sentinel failover).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyRedisClient } from './connect';

export const SCRIPT_NAMES = [
  'createTicket',
  'setState',
  'claimDue',
  'ack',
  'retryLater',
  'deadLetter',
  'replayDeadLetter',
  'appendRecords',
  'indexTicket',
] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];

export interface Script {
  source: string;
  sha: string;
}

const cache = new Map<ScriptName, Script>();

function load(name: ScriptName): Script {
  let s = cache.get(name);
  if (!s) {
    const source = readFileSync(join(__dirname, 'commands', `${name}.lua`), 'utf8');
    s = { source, sha: createHash('sha1').update(source).digest('hex') };
    cache.set(name, s);
  }
  return s;
}

export async function runScript(
  client: AnyRedisClient,
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  return evalScript(client, load(name), keys, args);
}

/** A script given as source (inline in a module): its SHA-1, for evalScript. */
export function inlineScript(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** EVALSHA, and EVAL when Redis answers NOSCRIPT. */
export async function evalScript(client: AnyRedisClient, script: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
  const options = { keys, arguments: args.map(String) };
  try {
    return await client.evalSha(script.sha, options);
  } catch (err) {
    if (errorMessage(err).startsWith('NOSCRIPT')) return client.eval(script.source, options);
    throw err;
  }
}

/** The message of an error from any realm. */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string')
    return (err as { message: string }).message;
  return String(err);
}
