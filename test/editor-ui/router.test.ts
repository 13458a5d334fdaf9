/**
 * createEditorPageRouter on its own: the page and its assets with the strict CSP, content-hashed
 * links, and nothing else under /editor (the inbox and analytics pages belong to another router).
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createEditorPageRouter, EDITOR_PAGE_CSP } from '../../src/web/editor/router';

describe('the editor page router', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(createEditorPageRouter());
    app.use((_req, res) => void res.status(404).send('not here'));
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', () => ok()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it.each(['/editor', '/editor/'])('serves the page at %s with the CSP, no-cache', async (path) => {
    const res = await fetch(url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(EDITOR_PAGE_CSP);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('企呼我应 · 知识库编辑台');
  });

  it('links the assets by content hash; the linked version is immutable, any other revalidates', async () => {
    const html = await (await fetch(url + '/editor')).text();
    for (const name of ['editor.js', 'editor.css']) {
      const m = new RegExp(`"/editor/${name.replace('.', '\\.')}\\?v=([0-9a-f]{12})"`).exec(html);
      expect(m).not.toBeNull();
      const hashed = await fetch(`${url}/editor/${name}?v=${m![1]}`);
      expect(hashed.status).toBe(200);
      expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const plain = await fetch(`${url}/editor/${name}`);
      expect(plain.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it.each(['/editor/inbox', '/editor/analytics', '/editor/router.ts', '/editor/index.html', '/editor/../server.ts'])('does not serve %s', async (path) => {
    const res = await fetch(url + path);
    expect(res.status).toBe(404);
  });

  it('the script never uses an HTML sink', async () => {
    const js = await (await fetch(url + '/editor/editor.js')).text();
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});
