/**
 * The pages' bundles (src/web/bundles.ts): size per page (raw and gzip) and what building them
 * adds to start-up, in this fresh process: loading esbuild and the first build (the one a server
 * pays once), then a few more builds for the spread.
 *
 *   npx tsx scripts/web-bundles.ts
 */
import { gzipSync } from 'node:zlib';

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

async function main(): Promise<void> {
  let t = process.hrtime.bigint();
  const { buildPageBundles } = await import('../src/web/bundles.js');
  const load = ms(t);
  t = process.hrtime.bigint();
  const bundles = buildPageBundles();
  const first = ms(t);
  const again: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = process.hrtime.bigint();
    buildPageBundles();
    again.push(ms(t));
  }
  console.log(`load esbuild: ${load.toFixed(1)} ms; first build (all pages): ${first.toFixed(1)} ms; later builds: ${again.map((v) => v.toFixed(0)).join(', ')} ms`);
  for (const [name, body] of bundles) console.log(`${name.padEnd(10)} ${String(body.length).padStart(7)} B  ${String(gzipSync(body).length).padStart(6)} B gzip`);
}

void main();
