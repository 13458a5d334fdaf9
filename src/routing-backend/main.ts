/**
 * The reference routing backend as a process: npm run routing-backend
 *
 *   ROUTING_BACKEND_PORT  default 4000     ROUTING_SECRET  shared with qihu (≥ 16 characters)
 *   QIHU_URL              where to send status callbacks (e.g. http://127.0.0.1:3000); unset: none
 *   ASSIGN_DELAY_MS       default 500      HOST            default 127.0.0.1
 */
import { z } from 'zod';
import { DEVELOPMENT_ROUTING_SECRET, productionSecretProblem } from '../config';
import { createRoutingBackend } from './app';
import { zodIssues } from '../util';

const Env = z.object({
  ROUTING_BACKEND_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  ROUTING_SECRET: z.string().min(16).default(DEVELOPMENT_ROUTING_SECRET),
  QIHU_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  ASSIGN_DELAY_MS: z.coerce.number().int().min(0).default(500),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    for (const i of zodIssues(parsed.error)) console.error(`${i.path.split('.')[0]}: ${i.message}`);
    process.exit(2);
  }
  const env = parsed.data;
  // The same rule as qihu's: in production the public development secret is never accepted.
  const secretProblem = process.env.NODE_ENV === 'production' ? productionSecretProblem(env.ROUTING_SECRET) : undefined;
  if (secretProblem) {
    console.error(`ROUTING_SECRET: ${secretProblem}`);
    process.exit(2);
  }
  const backend = createRoutingBackend({
    secret: env.ROUTING_SECRET,
    qihuUrl: env.QIHU_URL,
    assignDelayMs: env.ASSIGN_DELAY_MS,
    log: (m) => process.stdout.write(`${m}\n`),
  });
  const url = await backend.listen(env.ROUTING_BACKEND_PORT, env.HOST);
  process.stdout.write(`reference routing backend on ${url} (callbacks to ${env.QIHU_URL ?? 'nowhere: QIHU_URL unset'})\n`);
  const stop = () => {
    void backend.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
