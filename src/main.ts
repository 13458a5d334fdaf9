/**
 * `npm start`: reads the configuration, starts qihu and stops it cleanly on SIGINT/SIGTERM.
 * Configuration and knowledge-base errors are printed as readable messages, not stack traces.
 */
import { ConfigError, loadConfig } from './config';
import { KbLoadError } from './kb';
import { createLogger } from './log';
import { startQihu } from './server';
import { redisConnectionOf } from './storage/redis/connect';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  try {
    const qihu = await startQihu(config, log);
    log.info('qihu is listening', { url: qihu.url, mode: redisConnectionOf(config) ? 'redis' : 'embedded' });
    console.log(`\n  企呼我应 qihu is running: ${qihu.url}\n`);
    const stop = async (signal: string) => {
      log.info('stopping', { signal });
      await qihu.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (err) {
    if (err instanceof KbLoadError) {
      console.error(err.message);
      process.exit(1);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`port ${config.PORT} is already in use: set PORT to another port`);
      process.exit(1);
    }
    throw err;
  }
}

void main();
