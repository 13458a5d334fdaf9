/**
 * The pages' scripts: TypeScript under src/web/<page>/client/ (and src/web/shared/), bundled by
 * esbuild into one ES2020 script per page, in memory, the first time a page router asks for one.
 * All pages are built in one esbuild run and kept for the life of the process, so every server
 * started in one process (tests start many) shares them. Nothing is written to disk and nothing
 * comes from a CDN; the routers serve each bundle under the name its page links
 * (/chat/chat.js, /editor/editor.js …) with its content hash, like any other asset.
 *
 * Types are checked by `npm run typecheck` (src/web/tsconfig.json: DOM, no Node); esbuild only
 * strips them, so a build never fails on a type error and takes a few tens of milliseconds.
 */
import { buildSync } from 'esbuild';
import { join, relative } from 'node:path';

/** Bundle name → entry module (relative to src/web). */
export const PAGE_ENTRIES = {
  chat: 'public/chat/client/main.ts',
  editor: 'editor/client/main.ts',
  inbox: 'inbox/client/main.ts',
  analytics: 'analytics/client/main.ts',
  login: 'login/client/main.ts',
  operator: 'operator/client/main.ts',
  supervision: 'supervision/client/main.ts',
  'supervision-summary': 'supervision/client/summary.ts',
} as const;

export type PageBundle = keyof typeof PAGE_ENTRIES;

const WEB_DIR = __dirname;

/** The browsers the pages support: what Chromium 90 / Safari 14 / Firefox 90 run without help. */
export const BROWSER_TARGET = 'es2020';

let built: ReadonlyMap<PageBundle, Buffer> | undefined;

/** Builds every page's bundle (one esbuild run). Throws with esbuild's messages when a script does not parse or resolve. */
export function buildPageBundles(): ReadonlyMap<PageBundle, Buffer> {
  const names = Object.keys(PAGE_ENTRIES) as PageBundle[];
  const result = buildSync({
    absWorkingDir: WEB_DIR,
    entryPoints: names.map((name) => ({ in: join(WEB_DIR, PAGE_ENTRIES[name]), out: name })),
    outdir: 'out',
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: BROWSER_TARGET,
    // Chinese text stays UTF-8 (served as text/javascript; charset=utf-8), not \u escapes.
    charset: 'utf8',
    banner: { js: '"use strict";' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = new Map<PageBundle, Buffer>();
  for (const file of result.outputFiles) {
    const name = relative(join(WEB_DIR, 'out'), file.path).replace(/\.js$/, '') as PageBundle;
    out.set(name, Buffer.from(file.contents));
  }
  for (const name of names) if (!out.has(name)) throw new Error(`esbuild produced no bundle for ${name}`);
  return out;
}

/** A page's bundled script, built once per process (all pages together, on first use). */
export function pageBundle(name: PageBundle): Buffer {
  built ??= buildPageBundles();
  return built.get(name)!;
}
