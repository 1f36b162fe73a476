// Copy the non-TypeScript files that ship with the code (rule packs, report assets)
// from src/ to dist/, keeping their paths. Fixtures beside the rules stay behind.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const isAsset = (path) => /\.ya?ml$/.test(path) || /^src\/(standards\/defaults|mcp\/prompts)\/.*\.md$/.test(path) || /^src\/(report|threatmodel)\/html\/.*\.(css|js)$/.test(path) || /^src\/server\/authz\/.*\.(cedar|cedarschema)$/.test(path);
const SRC = 'src';
const DIST = 'dist';

function copy(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copy(path);
    else if (isAsset(path.split('\\').join('/'))) {
      const target = join(DIST, relative(SRC, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
copy(SRC);
