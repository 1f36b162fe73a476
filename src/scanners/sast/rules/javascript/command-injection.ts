import { execSync, exec, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { Request, Response, NextFunction } from 'express';

const execAsync = promisify(exec);

export async function thumbnail(req: Request, res: Response, next: NextFunction): Promise<void> {
  const width = Number(req.query.width);
  const file = req.query.file as string;
  try {
    // ruleid: javascript.command-injection.taint
    const { stdout } = await execAsync(`ffmpeg -i ${file} -vf scale=${width}:-1 thumb.png`);
    res.send(stdout);
  } catch (err) {
    next(err);
  }
}

export function whois(req: Request, res: Response): void {
  const domain: string = req.params.domain;
  const args = ['-h', 'whois.iana.org', domain];
  // ok: javascript.command-injection.taint
  const result = spawnSync('whois', args, { encoding: 'utf8' });
  // ruleid: javascript.command-injection.taint
  const viaShell = spawnSync('whois', args, { encoding: 'utf8', shell: '/bin/sh' });
  res.json({ out: result.stdout, viaShell: viaShell.stdout });
}

export function version(_req: Request, res: Response): void {
  // ok: javascript.command-injection.taint, javascript.command-injection.dynamic-command
  res.send(execSync('node --version').toString());
}

export function cleanup(tmpDir: string): void {
  // ruleid: javascript.command-injection.dynamic-command
  execSync('rm -rf ' + tmpDir + '/*');
}
