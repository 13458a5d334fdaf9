import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_ERRORS } from '../../src/http-kit';

describe('the error catalogue', () => {
  const doc = readFileSync(join(__dirname, '../../docs/api.md'), 'utf8');

  it.each(Object.entries(API_ERRORS))('%s is documented with its status', (code, { status }) => {
    expect(doc).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
  });

  it('documents no code the catalogue lacks', () => {
    const documented = [...doc.matchAll(/`(QH_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    for (const code of documented) expect(Object.keys(API_ERRORS)).toContain(code);
  });
});
