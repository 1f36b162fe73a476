// Adds lockfile entries for platform-specific optional packages the registry mirror on
// this project's build machines does not serve (it returns 404 for, e.g., the macOS and
// Windows builds of @ast-grep/napi and rollup), so `npm install` leaves them out of
// package-lock.json and `npm ci` then refuses the lockfile as out of sync.
// Each stub carries the version and the os/cpu/libc read from the package name, so npm
// skips it on other platforms without fetching it — exactly what it does for a complete
// entry. Run after changing dependencies: node scripts/lock-platform-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = /-(darwin|linux|win32|android|freebsd|openbsd|openharmony|sunos|aix)-(arm64|x64|ia32|arm|loong64|ppc64|riscv64|s390x|mips64el)(?:-(gnu|musl|msvc|gnueabihf|musleabihf|eabi))?$/;
const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const parent = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[parent] || lock.packages[hoisted]) continue;
    const match = PLATFORM.exec(name);
    if (!match) continue;
    const [, os, cpu, abi] = match;
    const stub = { version, optional: true, os: [os], cpu: [cpu] };
    if (os === 'linux' && abi) stub.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
    lock.packages[hoisted] = stub;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform stubs`);
