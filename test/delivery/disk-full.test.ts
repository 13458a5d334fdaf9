/**
 * A full disk never corrupts the ticket journal: the write that does not fit fails (storage_full),
 * nothing of it stays, every acknowledged ticket survives a restart, and the journal takes writes
 * again once there is room. For real: on a small tmpfs when the tests run as root (CI does), and
 * always under a file-size limit (ulimit -f) in a child process.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readJournal } from '../../src/storage/file/journal';
import { createFileTicketStore } from '../../src/storage/file/ticket-store';
import { createTicketService } from '../../src/tickets/service';
import { createHarness, textOf, toSummary } from '../conversation/harness';
import { loadTables, startQihu, ticketInput } from '../support/qihu';
import { makeState, makeTicket, ticketId } from '../support/tickets';

const root = process.getuid?.() === 0;

/** Fills the file system of `dir` up to `leave` bytes with one file, which is returned. */
function fillUp(dir: string, leave: number): string {
  const { bavail, bsize } = statfsSync(dir);
  const filler = path.join(dir, 'filler.bin');
  writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - leave)));
  return filler;
}

/** A fresh tmpfs of `size` for the describe block, unmounted after it; its path once mounted. */
function useTmpfs(size: string): { readonly path: string } {
  const mounted = { path: '' };
  beforeAll(() => {
    mounted.path = mkdtempSync(path.join(tmpdir(), 'qihu-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mounted.path]);
  });
  afterAll(() => {
    spawnSync('umount', [mounted.path]);
    rmSync(mounted.path, { recursive: true, force: true });
  });
  return mounted;
}

(root ? describe : describe.skip)('the ticket journal on a full tmpfs', () => {
  const tmpfs = useTmpfs('512k');

  it('fails the write that does not fit, keeps every acknowledged ticket, and recovers with room', async () => {
    const dir = path.join(tmpfs.path, 'data');
    mkdirSync(dir);
    const store = await createFileTicketStore({ dir });
    const filler = fillUp(tmpfs.path, 6 * 1024);
    let acknowledged = 0;
    let failure: unknown;
    for (let n = 1; n <= 200 && failure === undefined; n++) {
      const t = makeTicket(n);
      try {
        await store.createTicket(t, makeState(t));
        acknowledged++;
      } catch (err) {
        failure = err;
      }
    }
    expect(failure).toMatchObject({ code: 'storage_full' });
    expect(acknowledged).toBeGreaterThan(0);
    // Nothing of the failed write stayed: every line is whole.
    const file = path.join(dir, 'tickets.journal');
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(readFileSync(file).includes(0)).toBe(false);
    // A second failure (still full) leaves it whole too.
    const extra = makeTicket(500);
    await expect(store.createTicket(extra, makeState(extra))).rejects.toMatchObject({ code: 'storage_full' });
    await store.close();

    // Restart on the full disk: every acknowledged ticket is there, nothing needed repair.
    const repairs: string[] = [];
    const again = await createFileTicketStore({ dir, onRepair: (m) => repairs.push(m) });
    expect(repairs).toEqual([]);
    expect(again.repairedBytes).toBe(0);
    for (let n = 1; n <= acknowledged; n++) expect(await again.getTicket(ticketId(n))).toBeDefined();
    expect(await again.getTicket(ticketId(acknowledged + 1))).toBeUndefined();
    // With room again, the journal takes writes.
    rmSync(filler);
    const t = makeTicket(acknowledged + 1);
    expect(await again.createTicket(t, makeState(t))).toMatchObject({ created: true });
    await again.close();
    const replay = readJournal(file);
    expect(replay).toMatchObject({ truncatedBytes: 0, damagedLines: [] });
  });

  it('answers a ticket that does not fit with 503 QH_ERR_STORAGE_FULL, and files it once there is room', async () => {
    const dir = path.join(tmpfs.path, 'http');
    mkdirSync(dir);
    const store = await createFileTicketStore({ dir });
    const q = await startQihu({ store });
    try {
      const post = (n: number) =>
        fetch(`${q.url}/api/v1/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ticketInput(n)) });
      expect((await post(1)).status).toBe(201);
      const filler = fillUp(tmpfs.path, 0);
      // The journal's last page may still take a ticket or two; then the disk is full.
      let n = 2;
      let full: Response | undefined;
      for (; n < 60 && !full; n++) {
        const res = await post(n);
        if (res.status !== 201) full = res;
      }
      expect(full?.status).toBe(503);
      expect(await full!.json()).toMatchObject({ error: 'QH_ERR_STORAGE_FULL' });
      rmSync(filler);
      expect((await post(n)).status).toBe(201);
    } finally {
      await q.close();
      await store.close();
    }
  });
});

(root ? describe : describe.skip)('the chat on a full tmpfs', () => {
  const tmpfs = useTmpfs('256k');

  it('tells the user the ticket was not saved, keeps what they typed, and files it on "确认提交" once there is room', async () => {
    const store = await createFileTicketStore({ dir: tmpfs.path });
    const h = await createHarness({ tickets: createTicketService({ store, ...loadTables() }) });
    try {
      const chat = h.chat('disk-full-session-01');
      await toSummary(chat);
      const filler = fillUp(tmpfs.path, 0);
      // The journal is still empty: its first write needs a page the disk does not have.
      const reply = textOf(await chat('确认提交'));
      expect(reply).toContain('信息已保留');
      rmSync(filler);
      const [ticket] = await chat('确认提交');
      expect(ticket).toMatchObject({ type: 'ticket' });
    } finally {
      await h.close();
      await store.close();
    }
  });
});

describe('the ticket journal under a file-size limit (ulimit -f)', () => {
  it('fails the write past the limit, and every acknowledged ticket survives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qihu-ulimit-'));
    try {
      const child = path.join(__dirname, 'disk-full-child.ts');
      // 16 blocks of 1 KiB; SIGXFSZ ignored, so the write fails with EFBIG instead of killing node.
      const run = spawnSync('bash', ['-c', `ulimit -f 16; trap '' XFSZ; exec "${process.execPath}" --import tsx "${child}"`], {
        env: { ...process.env, DIR: dir },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { acknowledged: number; failure?: string };
      expect(result.failure).toBe('storage_full');
      expect(result.acknowledged).toBeGreaterThan(5);
      const store = await createFileTicketStore({ dir });
      expect(store.repairedBytes).toBe(0);
      for (let n = 1; n <= result.acknowledged; n++) expect(await store.getTicket(ticketId(n))).toBeDefined();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data files are readable by their owner only', () => {
  it('creates the ticket journal 0600', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qihu-mode-'));
    try {
      const store = await createFileTicketStore({ dir });
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      await store.compact();
      await store.close();
      expect(statSync(path.join(dir, 'tickets.journal')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
