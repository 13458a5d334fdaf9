/**
 * Every Redis key (and the pub/sub channel) of the knowledge-base store, built in this one place.
 * The prefix defaults to "qihu:"; on Redis Cluster use a hash-tagged prefix such as "{qihu}:" so the
 * Lua scripts' keys share a slot.
 *
 *   <p>kb:seq             string  change-set counter = the draft revision
 *   <p>kb:draft           hash    target (entry id, $synonyms, $routing, $manifest) → TargetState JSON
 *   <p>kb:ver:<target>    list    VersionRecord JSON, version n at index n-1
 *   <p>kb:cs:<id>         string  ChangeSet JSON
 *   <p>kb:changesets      zset    change-set id, score = seq
 *   <p>kb:audit           stream  field json = AuditRecord JSON
 *   <p>kb:published       hash    n, revision, meta (PublishMeta JSON), content (PublishedContent JSON)
 *   <p>kb:events          channel a revision id, published right after the revision is stored
 *   <p>kb:blob:<name>     string  write-once content named by version (a triage model)
 */
export interface KbRedisKeys {
  readonly seq: string;
  readonly draft: string;
  versions(target: string): string;
  changeSet(id: string): string;
  readonly changeSets: string;
  readonly audit: string;
  readonly published: string;
  blob(name: string): string;
  /** Pub/sub channel announcing each new published revision. */
  readonly channel: string;
}

export const DEFAULT_KB_PREFIX = 'qihu:';

export function kbRedisKeys(prefix = DEFAULT_KB_PREFIX): KbRedisKeys {
  const p = `${prefix}kb:`;
  return {
    seq: `${p}seq`,
    draft: `${p}draft`,
    versions: (target) => `${p}ver:${target}`,
    changeSet: (id) => `${p}cs:${id}`,
    changeSets: `${p}changesets`,
    audit: `${p}audit`,
    published: `${p}published`,
    blob: (name) => `${p}blob:${name}`,
    channel: `${p}events`,
  };
}
