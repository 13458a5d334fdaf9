import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeLine } from '../../src/storage/file/journal';
import { createFileKbStore, JOURNAL_FILE, KB_SUBDIR, KbJournalError, PUBLISHED_FILE } from '../../src/storage';
import { faq, runKbStoreContract } from './store.contract';

let dir = '';

runKbStoreContract('file', {
  multiInstance: false,
  async setup() {
    dir = mkdtempSync(join(tmpdir(), 'qihu-kbstore-'));
  },
  open: () => createFileKbStore({ dir }),
  async teardown() {
    rmSync(dir, { recursive: true, force: true });
  },
});

describe('file KbStore on disk', () => {
  let d = '';
  beforeEach(() => {
    d = mkdtempSync(join(tmpdir(), 'qihu-kbstore-'));
  });
  afterEach(() => rmSync(d, { recursive: true, force: true }));
  const journal = () => join(d, KB_SUBDIR, JOURNAL_FILE);

  test('a torn last journal line (crash mid-write) is cut off; the acknowledged changes stay', async () => {
    const s = await createFileKbStore({ dir: d });
    await s.putEntry(faq('faq-a', '问题 A'), { author: 'alice' });
    await s.putEntry(faq('faq-b', '问题 B'), { author: 'alice' });
    await s.close();
    appendFileSync(journal(), '1a2b3c4d {"t":"commit","changeSet":{"id":"cs3"');
    const again = await createFileKbStore({ dir: d });
    expect((await again.getDraft()).entries.map((e) => e.entry.id)).toEqual(['faq-a', 'faq-b']);
    expect((await again.putEntry(faq('faq-c', '问题 C'), { author: 'alice' })).changeSetId).toBe('cs3');
    await again.close();
  });

  test('a journal line that no longer validates refuses to start, naming the line', async () => {
    const s = await createFileKbStore({ dir: d });
    await s.putEntry(faq('faq-a', '问题 A'), { author: 'alice' });
    await s.close();
    writeFileSync(journal(), encodeLine({ t: 'commit', changeSet: { id: 'cs1' } }));
    await expect(createFileKbStore({ dir: d })).rejects.toBeInstanceOf(KbJournalError);
  });

  test('a publish whose journal line was lost to a crash is recovered from published.json', async () => {
    const s = await createFileKbStore({ dir: d });
    await s.putEntry(faq('faq-a', '问题 A'), { author: 'alice' });
    await s.publish({ author: 'erin' });
    await s.close();
    // Cut the journal back to before the publish line, as if the crash came between the two writes.
    const lines = readFileSync(journal(), 'utf8').split('\n').filter(Boolean);
    writeFileSync(journal(), lines.slice(0, -1).join('\n') + '\n');
    const again = await createFileKbStore({ dir: d });
    expect(await again.publishedRevision()).toBe('r1');
    expect((await again.auditLog())[0]).toMatchObject({ action: 'publish', revision: 'r1', author: 'erin' });
    expect((await again.publish({ author: 'erin' })).changed).toBe(false);
    await again.putEntry(faq('faq-b', '问题 B'), { author: 'alice' });
    expect((await again.publish({ author: 'erin' })).revision).toBe('r2');
    await again.close();
    expect(JSON.parse(readFileSync(join(d, KB_SUBDIR, PUBLISHED_FILE), 'utf8')).meta.revision).toBe('r2');
  });
});
