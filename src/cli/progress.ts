import pc from 'picocolors';
import type { RunObserver, ScannerStats } from '../core/run.js';
import type { Scanner } from '../core/scanner.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

interface Line {
  title: string;
  done: number;
  total?: number;
  detail?: string;
  finished?: ScannerStats;
}

/**
 * Live progress on a terminal: one line per scanner, redrawn in place at most every
 * 80 ms (ANSI cursor-up + clear-line), on stderr so stdout stays clean for reports.
 * Create it only when stderr is a TTY and not in CI; elsewhere the scan is quiet.
 */
export class TtyProgress implements RunObserver {
  private readonly lines = new Map<string, Line>();
  private drawn = 0;
  private frame = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  scannerStarted(scanner: Scanner): void {
    this.lines.set(scanner.id, { title: scanner.title, done: 0 });
    this.timer ??= setInterval(() => this.draw(), 80);
    this.timer.unref();
    this.draw();
  }

  scannerProgress(scanner: Scanner, done: number, total?: number, detail?: string): void {
    const line = this.lines.get(scanner.id);
    if (line) Object.assign(line, { done, total, detail });
  }

  scannerFinished(scanner: Scanner, stats: ScannerStats): void {
    const line = this.lines.get(scanner.id);
    if (line) line.finished = stats;
    this.draw();
    if ([...this.lines.values()].every((l) => l.finished)) this.stop();
  }

  /** Stop redrawing; the last frame stays on screen. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private draw(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    const width = Math.max(40, (this.stream.columns ?? 100) - 1);
    const rows = [...this.lines.values()].map((l) => {
      if (l.finished) {
        const { durationMs, findings } = l.finished;
        return `${pc.green('✔')} ${l.title.padEnd(20)} ${String(findings).padStart(4)} finding${findings === 1 ? ' ' : 's'}  ${pc.dim(`${(durationMs / 1000).toFixed(1)} s`)}`;
      }
      const count = l.total ? `${l.done}/${l.total}` : l.done ? String(l.done) : '';
      // Truncate before colouring so escape codes are never cut, and rows never wrap.
      const detail = (l.detail ?? '').slice(-Math.max(0, width - 38));
      return `${pc.cyan(FRAMES[this.frame]!)} ${l.title.padEnd(20)} ${count.padStart(11)}  ${pc.dim(detail)}`;
    });
    let text = this.drawn ? `\x1b[${this.drawn}A` : '';
    for (const row of rows) text += `\x1b[2K${row}\n`;
    this.stream.write(text);
    this.drawn = rows.length;
  }
}

/** Live progress only for a person at a terminal: not in CI, not when piped. */
export function wantsProgress(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.CI && process.env.TERM !== 'dumb';
}
