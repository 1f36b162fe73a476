/**
 * `guardian serve`: the organisation's server. SQLite in .guardian/guardian.db by default
 * (scan jobs run in this process), PostgreSQL when DATABASE_URL (or --database
 * postgres://…) is set (scan jobs run in `guardian worker` processes). The GitHub webhook
 * secret comes from GUARDIAN_WEBHOOK_SECRET.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { startServer } from '../server/start.js';

interface ServeFlags {
  port: string;
  host: string;
  database?: string;
  policies?: string;
  standards?: string;
}

/** Register `guardian serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the Guardian server: findings from every repository over time, metrics, risk acceptance, API tokens, Cedar authorization.')
    .option('-p, --port <port>', 'TCP port', '8080')
    .option('--host <host>', 'interface to listen on (put a TLS-terminating reverse proxy in front; see docs/server.md)', '127.0.0.1')
    .option('--database <file|url>', 'SQLite file or postgres:// URL (default: $DATABASE_URL, else .guardian/guardian.db)')
    .option('--policies <file>', 'Cedar policy file replacing the built-in policies (default: $GUARDIAN_POLICIES)')
    .option('--standards <dir>', "directory of the organisation's security standards (Markdown), served to scans whose guardian.yml sets standards.server")
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port: ${flags.port}`);
      const database = flags.database ?? process.env.DATABASE_URL ?? resolve('.guardian', 'guardian.db');
      const started = await startServer({ database, policies: flags.policies ?? process.env.GUARDIAN_POLICIES, standards: flags.standards ? resolve(flags.standards) : undefined, jobs: {}, webhookSecret: process.env.GUARDIAN_WEBHOOK_SECRET, logger: !process.stdout.isTTY });
      const address = await started.app.listen({ port, host: flags.host });
      process.stderr.write(`Guardian server on ${address} (${started.store.dialect}: ${started.store.location})\n`);
      if (started.bootstrapToken) {
        process.stderr.write(
          `\nFirst start: a one-time admin token (valid 24 hours, shown only now):\n\n  ${started.bootstrapToken}\n\nUse it to create teams and longer-lived tokens (POST /api/v1/tokens), then let it expire.\n`,
        );
      }
      const stop = async () => {
        await started.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
