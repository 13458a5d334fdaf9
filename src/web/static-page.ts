/**
 * Shared pieces of the static page routers (chat, login, editor, inbox/analytics, operator):
 * files read once, content hashes, hash-linked assets cached hard for their exact version, and the
 * common security headers. Each router keeps its own paths, Content-Security-Policy and header set.
 * Every page and asset carries its content hash as ETag (computed once; the app turns Express's
 * per-response ETag off), so no-cache revalidations are cheap 304s.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { pageBundle, type PageBundle } from './bundles';

export const HTML_TYPE = 'text/html; charset=utf-8';

const TYPES: Record<string, string> = {
  '.html': HTML_TYPE,
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The Content-Type for a file name, by its extension. */
export function contentTypeOf(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
}

/** The directives every page's strict CSP starts with: this origin only, no inline code. */
export const STRICT_CSP_BASE = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'"];

/** The directives that end the strict CSPs: no plugins, Trusted Types with no policy. */
export const TRUSTED_TYPES_CSP = ["object-src 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'"];

/** Headers every asset and page response carries (besides Content-Type). */
export const NOSNIFF_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The extra headers of an HTML page (besides its CSP). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Referrer-Policy': 'no-referrer',
};

export interface VersionedAsset {
  body: Buffer;
  type: string;
  /** The first 12 hex digits of the body's SHA-256. */
  version: string;
}

/** A short content hash, for ?v= links. */
export function contentVersion(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

/** Reads each asset (name → file) once, with its type and content hash. */
export function loadAssets(files: Record<string, string>): Map<string, VersionedAsset> {
  const assets = new Map<string, VersionedAsset>();
  for (const [name, file] of Object.entries(files)) {
    const body = readFileSync(file);
    assets.set(name, { body, type: contentTypeOf(name), version: contentVersion(body) });
  }
  return assets;
}

/** A page's bundled script (src/web/bundles.ts) as an asset: built once per process, typed text/javascript. */
export function bundledAsset(name: PageBundle): VersionedAsset {
  const body = pageBundle(name);
  return { body, type: contentTypeOf('.js'), version: contentVersion(body) };
}

/** Reads an HTML page and links each asset with its hash: `"<prefix>name"` → `"<prefix>name?v=…"`. */
export function loadLinkedPage(file: string, prefix: string, assets: Map<string, VersionedAsset>): Buffer {
  let html = readFileSync(file, 'utf8');
  for (const [name, asset] of assets) html = html.split(`"${prefix}${name}"`).join(`"${prefix}${name}?v=${asset.version}"`);
  return Buffer.from(html, 'utf8');
}

/** Sets Content-Type and then each header given (later ones win). */
export function setHeaders(res: Response, type: string, ...headers: Readonly<Record<string, string>>[]): void {
  res.setHeader('Content-Type', type);
  for (const set of headers) for (const [name, value] of Object.entries(set)) res.setHeader(name, value);
}

/** A strong ETag from a content hash: Express answers 304 when the request's If-None-Match matches. */
export const etagOf = (version: string): string => `"${version}"`;

/** Hard caching only for the exact version the page links; anything else revalidates. */
export function assetCacheControl(req: Request, version: string): string {
  return req.query.v === version ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Sends a hash-versioned asset with the nosniff headers and version-dependent caching. */
export function sendVersionedAsset(req: Request, res: Response, asset: VersionedAsset): void {
  setHeaders(res, asset.type, NOSNIFF_HEADERS, { 'Cache-Control': assetCacheControl(req, asset.version), ETag: etagOf(asset.version) });
  res.send(asset.body);
}

export interface VersionedPageOptions {
  /** Where index.html and the assets are. */
  dir: string;
  /** The paths that serve index.html. */
  pagePaths: readonly string[];
  /** Where the assets are served and how index.html links them: '/chat/' serves /chat/<asset>. */
  prefix: string;
  /** The asset file names in dir. */
  assets: readonly string[];
  /** Scripts served from the page bundles: asset name ('chat.js') → bundle. */
  scripts?: Readonly<Record<string, PageBundle>>;
  /** The page's Content-Security-Policy. */
  csp: (req: Request) => string;
}

/**
 * A page and its assets: index.html (no-cache, the CSP and the page headers) with every asset
 * linked by its content hash; the assets cached hard for that exact version, otherwise no-cache.
 */
export function createVersionedPageRouter(opts: VersionedPageOptions): Router {
  const assets = loadAssets(Object.fromEntries(opts.assets.map((name) => [name, join(opts.dir, name)])));
  for (const [name, bundle] of Object.entries(opts.scripts ?? {})) assets.set(name, bundledAsset(bundle));
  const page = loadLinkedPage(join(opts.dir, 'index.html'), opts.prefix, assets);
  const pageTag = etagOf(contentVersion(page));
  const router = Router();
  const sendPage = (req: Request, res: Response) => {
    setHeaders(res, HTML_TYPE, NOSNIFF_HEADERS, { 'Content-Security-Policy': opts.csp(req) }, PAGE_HEADERS, { 'Cache-Control': 'no-cache', ETag: pageTag });
    res.send(page);
  };
  for (const path of opts.pagePaths) router.get(path, sendPage);
  for (const [name, asset] of assets) {
    router.get(`${opts.prefix}${name}`, (req: Request, res: Response) => sendVersionedAsset(req, res, asset));
  }
  return router;
}
