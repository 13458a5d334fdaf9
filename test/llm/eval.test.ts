/**
 * `npm run eval -- --llm`: qihu with the semantic layer as a further system, against the stand-in
 * endpoint (its figures mean nothing: the point is that a city with a real endpoint gets the row,
 * and that a missing endpoint is a clear usage error).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';

const root = join(__dirname, '../..');
let fake: FakeOpenAi;
let dataDir: string;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  dataDir = mkdtempSync(join(tmpdir(), 'qihu-eval-llm-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function evalRun(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'bench/eval.ts', ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it('adds a qihu+semantic row, compared with nothing, and keeps qihu as the summary line', async () => {
  const { code, stdout } = await evalRun(['--cases', 'test/eval/handoff.jsonl', '--llm', '--baseline'], {
    OPENAI_BASE_URL: fake.url,
    OPENAI_EMBEDDING_MODEL: 'stand-in',
    DATA_DIR: dataDir,
  });
  expect(code).toBe(0);
  expect(stdout).toMatch(/qihu\+semantic: embeddings stand-in, \d+ names/);
  const lines = stdout.trim().split('\n');
  expect(lines.at(-1)).toMatch(/^qihu: cases=\d+ .* ratio=/);
  expect(lines.some((l) => l.startsWith('qihu+semantic: cases='))).toBe(true);
  expect(fake.requests.length).toBeGreaterThan(0);
}, 150_000);

it('refuses --llm without an endpoint, with a readable message', async () => {
  const { code, stderr } = await evalRun(['--cases', 'test/eval/handoff.jsonl', '--llm'], { OPENAI_BASE_URL: '' });
  expect(code).toBe(2);
  expect(stderr).toContain('--llm needs OPENAI_BASE_URL');
}, 60_000);
