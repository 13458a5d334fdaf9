/**
 * The triage command's contract (`npm run -s triage -- train|classify`), run as a user runs it:
 * output lines in input order with exactly text, category, confidence (and department when the
 * model learned departments); bad lines reported with their number and exit code 1; a training
 * file with an unlabelled line writes no model.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasHotlineData, hotlineMessages } from '../support/triage-model';

const root = path.resolve(__dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/triage.ts', ...args], { cwd: root, encoding: 'utf8' });
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'qihu-triage-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

(hasHotlineData ? describe : describe.skip)('npm run -s triage', () => {
  const model = () => path.join(dir, 'model');

  it('trains a model from labelled lines and reports what it measured', () => {
    const train = path.join(dir, 'train.jsonl');
    // Every 8th message: all seven categories, a few seconds of training; extra fields are ignored.
    writeFileSync(train, hotlineMessages().filter((_, i) => i % 8 === 0).map((m) => JSON.stringify({ ...m, source: 'test' })).join('\n') + '\n');
    const r = run('train', '--from', train, '--out', model());
    expect(r.stderr).toMatch(/trained on 688 messages/);
    expect(r.stderr).toMatch(/category: 7 classes, 3-fold accuracy \d+\.\d %/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(model(), 'triage-model.json'))).toBe(true);
  });

  it('classifies in input order with exactly the contract fields, and names a bad line', () => {
    const cases = path.join(dir, 'cases.jsonl');
    const out = path.join(dir, 'out.jsonl');
    const texts = ['小区门口的路灯坏了三个月没人修', '公司拖欠我们三个月工资，社保也没有交', '孩子学校乱收补课费'];
    writeFileSync(cases, [...texts.map((text, i) => JSON.stringify({ id: `c${i}`, text, extra: 1 })), JSON.stringify({ id: 'empty' })].join('\n') + '\n');
    const r = run('classify', '--model', model(), '--cases', cases, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 4: text/);
    const results = lines(out);
    expect(results).toHaveLength(4);
    results.slice(0, 3).forEach((line, i) => {
      expect(Object.keys(line).sort()).toEqual(['category', 'confidence', 'text']);
      expect(line.text).toBe(texts[i]);
      expect(line.confidence).toBeGreaterThan(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
    });
    expect(results.slice(0, 3).map((l) => l.category)).toEqual(['城乡建设', '劳动和社会保障', '教育文体']);
    expect(results[3]).toEqual({ text: '', error: expect.stringMatching(/text/) });
  });

  it('writes no model when a training line has no category', () => {
    const bad = path.join(dir, 'bad.jsonl');
    const out = path.join(dir, 'not-written');
    const some = hotlineMessages().filter((_, i) => i % 50 === 0);
    writeFileSync(bad, [...some.map((m) => JSON.stringify(m)), JSON.stringify({ text: '没有分类的留言' })].join('\n') + '\n');
    const r = run('train', '--from', bad, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 111: category/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to train on a single category, writing nothing', () => {
    const one = path.join(dir, 'one.jsonl');
    const out = path.join(dir, 'one-model');
    writeFileSync(one, hotlineMessages().slice(0, 20).map((m) => JSON.stringify({ ...m, category: '城乡建设' })).join('\n') + '\n');
    const r = run('train', '--from', one, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/at least two categories are needed to train, got 城乡建设/);
    expect(existsSync(out)).toBe(false);
  });

  it('explains its usage on wrong arguments (exit 2)', () => {
    const r = run('classify', '--model', model());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/classify needs --model <dir>, --cases <file> and --out <file>/);
  });
});

describe('npm run -s triage with files it cannot use', () => {
  const cases = () => path.join(dir, 'one-case.jsonl');
  beforeAll(() => writeFileSync(cases(), JSON.stringify({ text: '小区门口的路灯坏了' }) + '\n'));

  it('says a folder holds no model, writing nothing', () => {
    const out = path.join(dir, 'no-model.jsonl');
    const r = run('classify', '--model', path.join(dir, 'nowhere'), '--cases', cases(), '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cannot read the model .*nowhere\/triage-model\.json: no such file or directory; a model folder is what `triage train --out <dir>` writes\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('names, by path, what makes a file not a model', () => {
    const fake = path.join(dir, 'fake-model');
    mkdirSync(fake);
    writeFileSync(path.join(fake, 'triage-model.json'), JSON.stringify({ format: 'other/1', version: 'x' }));
    const out = path.join(dir, 'fake-out.jsonl');
    const r = run('classify', '--model', fake, '--cases', cases(), '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/triage-model\.json is not a triage model: format: .*qihu-triage\/1.*; trainedAt: .*; and \d+ more\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(out)).toBe(false);
  });

  it('names an input it cannot read and an output it cannot write', () => {
    const small = path.join(dir, 'small.jsonl');
    const texts = [['路灯坏了没人修', '城乡建设'], ['小区道路积水', '城乡建设'], ['楼道电梯故障', '城乡建设'], ['公司拖欠工资', '劳动和社会保障'], ['社保没有缴纳', '劳动和社会保障'], ['加班没有加班费', '劳动和社会保障']];
    writeFileSync(small, [...texts, ...texts].map(([text, category]) => JSON.stringify({ text, category })).join('\n') + '\n');
    const onAFile = run('train', '--from', small, '--out', cases());
    expect(onAFile.status).toBe(1);
    expect(onAFile.stderr).toBe(`cannot write ${cases()}: file already exists\n`);
    const smallModel = path.join(dir, 'small-model');
    expect(run('train', '--from', small, '--out', smallModel).status).toBe(0);
    const missing = run('classify', '--model', smallModel, '--cases', path.join(dir, 'missing.jsonl'), '--out', path.join(dir, 'x.jsonl'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`cannot read ${path.join(dir, 'missing.jsonl')}: no such file or directory\n`);
    const unwritable = run('classify', '--model', smallModel, '--cases', cases(), '--out', path.join(dir, 'no-such-folder', 'out.jsonl'));
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toBe(`cannot write ${path.join(dir, 'no-such-folder', 'out.jsonl')}: no such file or directory\n`);
  });
});
