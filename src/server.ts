/**
 * The composition root: builds every service from the configuration and wires the HTTP routes.
 * `startQihu` is what `npm start` runs and what integration tests start on a free port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Config } from './config';
import { createEngine, type Engine } from './engine';
import { createApp } from './http/app';
import { createAskRouter } from './http/ask-router';
import { createHealthRouter } from './http/health-router';
import { loadKnowledgeBase, type KnowledgeBase } from './kb';
import type { Logger } from './log';

export interface Qihu {
  server: Server;
  url: string;
  engine: () => Engine;
  close(): Promise<void>;
}

export async function startQihu(config: Config, log: Logger): Promise<Qihu> {
  const kbDir = resolve(config.KB_DIR);
  const kb: KnowledgeBase = loadKnowledgeBase(kbDir);
  const engine = createEngine(kb);
  log.info('knowledge base loaded', { dir: kbDir, entries: kb.entries.length, sample: kb.manifest.sample });

  const app = createApp({
    log,
    routers: [
      createHealthRouter({
        mode: config.REDIS_URL ? 'redis' : 'embedded',
        knowledgeBase: () => ({ name: kb.manifest.name, entries: kb.entries.length, sample: kb.manifest.sample }),
      }),
      createAskRouter({ engine: () => engine }),
    ],
  });

  const server = createServer(app);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.PORT, config.HOST, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    server,
    url,
    engine: () => engine,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
