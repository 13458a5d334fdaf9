/**
 * npm run openapi: writes docs/openapi.yaml from the route registry (src/http/openapi).
 * `--check` exits 1 when the committed file differs (the test does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiYaml } from './openapi-yaml';

const file = join(__dirname, '../docs/openapi.yaml');
const text = openApiYaml();
if (process.argv.includes('--check')) {
  const same = readFileSync(file, 'utf8') === text;
  console.log(same ? 'docs/openapi.yaml is up to date' : 'docs/openapi.yaml differs from the registry: run npm run openapi');
  process.exit(same ? 0 : 1);
}
writeFileSync(file, text);
console.log(`wrote docs/openapi.yaml (${text.split('\n').length} lines)`);
