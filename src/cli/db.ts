import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { AdvisoryDatabase, buildDatabase, defaultDatabasePath } from '../scanners/sca/advisories/database.js';
import { readOsvRecords } from '../scanners/sca/advisories/records.js';

/** `guardian db update|info`: the offline OSV advisory database used by `scan --offline`. */
export function registerDb(program: Command): void {
  const db = program.command('db').description('Manage the offline vulnerability database (OSV records in SQLite).');
  db.command('update')
    .description('Build the offline database from OSV exports: directories of OSV JSON/YAML records or zip files (e.g. an ecosystem all.zip from osv.dev).')
    .requiredOption('--from <paths...>', 'directories or zip files of OSV records')
    .option('--db <file>', `database file (default: ${defaultDatabasePath()})`)
    .action((options: { from: string[]; db?: string }) => {
      const target = resolve(options.db ?? defaultDatabasePath());
      const sources = options.from.map((p) => resolve(p));
      for (const source of sources) if (!existsSync(source)) throw new UsageError(`--from: no such file or directory: ${source}`);
      let problems = 0;
      const records = (function* () {
        for (const source of sources) {
          yield* readOsvRecords(source, (p) => {
            problems++;
            if (problems <= 10) process.stderr.write(`warning: ${p.file}: ${p.message}\n`);
          });
        }
      })();
      const info = buildDatabase(target, records, sources);
      if (problems > 10) process.stderr.write(`warning: … ${problems - 10} more invalid records skipped\n`);
      process.stdout.write(`Wrote ${target}: ${info.advisories} advisories for ${info.packages} packages (${problems} files skipped).\n`);
    });
  db.command('info')
    .description('Show what the offline database holds.')
    .option('--db <file>', 'database file')
    .action((options: { db?: string }) => {
      const path = resolve(options.db ?? defaultDatabasePath());
      const database = AdvisoryDatabase.openIfExists(path);
      if (!database) throw new UsageError(`No database at ${path}. Build one with: guardian db update --from <dir|zip>`);
      const info = database.info();
      database.close();
      process.stdout.write(`${path}\n  built: ${info.builtAt}\n  advisories: ${info.advisories}\n  packages: ${info.packages}\n  sources: ${info.sources.join(', ')}\n`);
    });
}
