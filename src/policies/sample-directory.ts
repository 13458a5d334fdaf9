/**
 * The enterprise directory a server starts with until the registry store is connected: the sample
 * profiles in a JSONL file when there is one (one registered enterprise a line, parsed by the
 * profile schema; a line that is not valid is skipped and counted), else an empty directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from '../log';
import { EnterpriseProfile } from './profile';
import { memoryDirectory, type EnterpriseDirectory, type RegisteredEnterprise } from './registry';

export function sampleDirectory(file: string, log?: Logger): EnterpriseDirectory {
  if (!existsSync(file)) return memoryDirectory([]);
  const enterprises: RegisteredEnterprise[] = [];
  let skipped = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let parsed;
    try {
      parsed = EnterpriseProfile.safeParse(JSON.parse(line));
    } catch {
      skipped++;
      continue;
    }
    if (parsed.success && parsed.data.id && parsed.data.name) enterprises.push(parsed.data as RegisteredEnterprise);
    else skipped++;
  }
  log?.info('sample enterprise directory loaded', { enterprises: enterprises.length, skipped });
  return memoryDirectory(enterprises);
}
