// Validates an OpenAPI document with two independent tools; exits non-zero when either reports an error.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';

const file = process.argv[2];
const here = dirname(fileURLToPath(import.meta.url));
try {
  await SwaggerParser.validate(file);
  console.log('swagger-parser: valid');
} catch (error) {
  console.error('swagger-parser: ' + error.message);
  process.exit(1);
}

const redocly = spawnSync(process.execPath, [join(here, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'lint', '--extends=recommended', '--format=stylish', file], { encoding: 'utf8' });
process.stdout.write(redocly.stdout ?? '');
process.stderr.write(redocly.stderr ?? '');
process.exit(redocly.status ?? 1);
