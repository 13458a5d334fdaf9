/** The Redis connection the configuration asks for (src/storage/redis/connect.ts, src/config.ts). */
import { ConfigError, loadConfig } from '../../src/config';
import { describeRedisTarget, parseNodeList, redisConnectionOf } from '../../src/storage/redis/connect';

describe('Redis connection from configuration', () => {
  it('parses host:port lists, IPv6 in brackets', () => {
    expect(parseNodeList('sentinel-1:26379, 10.0.0.2:26380,[::1]:26381')).toEqual([
      { host: 'sentinel-1', port: 26379 },
      { host: '10.0.0.2', port: 26380 },
      { host: '::1', port: 26381 },
    ]);
    for (const bad of ['', 'host', 'host:0', 'host:70000', 'a:1,b']) expect(() => parseNodeList(bad)).toThrow();
  });

  it('REDIS_SENTINELS: the sentinels, the master name (default mymaster) and credentials', () => {
    const config = loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_PASSWORD: 'pw', REDIS_SENTINEL_PASSWORD: 'spw' });
    const c = redisConnectionOf(config);
    expect(c).toEqual({
      kind: 'sentinel',
      name: 'mymaster',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      password: 'pw',
      sentinelPassword: 'spw',
    });
    expect(describeRedisTarget(c!)).toBe('sentinel mymaster via s1:26379,s2:26379');
  });

  it('REDIS_CLUSTER_NODES and REDIS_URL; none: the embedded default', () => {
    expect(redisConnectionOf(loadConfig({ REDIS_CLUSTER_NODES: 'n1:7000' }))).toEqual({ kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }] });
    const url = redisConnectionOf(loadConfig({ REDIS_URL: 'redis://:secret@db:6379/2' }));
    expect(url).toEqual({ kind: 'url', url: 'redis://:secret@db:6379/2' });
    expect(describeRedisTarget(url!)).toBe('redis://db:6379/2');
    expect(redisConnectionOf(loadConfig({}))).toBeUndefined();
  });

  it('refuses two kinds at once, and a bad node list, naming the variable', () => {
    const issues = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        if (err instanceof ConfigError) return err.issues.map((i) => i.variable);
        throw err;
      }
      return [];
    };
    expect(issues({ REDIS_URL: 'redis://localhost:6379', REDIS_SENTINELS: 's1:26379' })).toEqual(['REDIS_SENTINELS']);
    expect(issues({ REDIS_CLUSTER_NODES: 'n1' })).toEqual(['REDIS_CLUSTER_NODES']);
  });
});
