import { safeRedirectPath } from '../../src/auth/redirect';

describe('safeRedirectPath (no open redirects)', () => {
  it.each([
    ['/operator', '/operator'],
    ['/editor/entries?id=7#top', '/editor/entries?id=7#top'],
    ['/operator/../editor', '/editor'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('keeps the same-origin path %s', (raw, expected) => expect(safeRedirectPath(raw)).toBe(expected));

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '',
    '/login',
    '/login?next=/login',
    '/x'.repeat(2000),
    undefined,
    ['/operator'],
  ])('refuses %j', (raw) => expect(safeRedirectPath(raw)).toBeUndefined());
});
