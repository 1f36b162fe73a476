/**
 * The CLI side of uploads: `guardian scan --upload <server>` posts the JSON report to
 * `POST /api/v1/scans` with the API token. The token travels only in the Authorization
 * header and is never printed.
 */
import { UsageError } from '../core/errors.js';

export interface UploadRequest {
  /** Server base URL, e.g. https://guardian.example.com. */
  server: string;
  token: string;
  repository: string;
  report: unknown;
  commit?: string;
  branch?: string;
  /** False for diff-aware scans: they cannot tell that a finding elsewhere was fixed. */
  full: boolean;
}

export interface UploadAnswer {
  scan: string;
  counts: { received: number; new: number; reopened: number; fixed: number; unchanged: number };
}

/**
 * Upload one report. Throws {@link UsageError} for answers that mean the request or the
 * token is wrong (4xx, with the server's reason) and Error for an unreachable server or 5xx.
 */
export async function uploadReport(request: UploadRequest): Promise<UploadAnswer> {
  let url: URL;
  try {
    url = new URL('/api/v1/scans', request.server);
  } catch {
    throw new UsageError(`--upload: not a URL: ${request.server}`);
  }
  if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) throw new UsageError(`--upload: use https:// (the token must not travel in clear): ${request.server}`);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
      body: JSON.stringify({ repository: request.repository, report: request.report, full: request.full, ...(request.commit ? { commit: request.commit } : {}), ...(request.branch ? { branch: request.branch } : {}) }),
      signal: AbortSignal.timeout(300_000),
    });
  } catch (error) {
    throw new Error(`cannot reach ${url.origin}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: { error?: string; issues?: { field: string; message: string }[] } & Partial<UploadAnswer> = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // A proxy's HTML error page: report the status alone.
  }
  if (response.status >= 400 && response.status < 500) {
    throw new UsageError(`upload refused by ${url.origin} (HTTP ${response.status}): ${body.error ?? 'no reason given'}${body.issues ? ` ${body.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}` : ''}`);
  }
  if (!response.ok || !body.scan || !body.counts) throw new Error(`upload to ${url.origin} failed (HTTP ${response.status})`);
  return { scan: body.scan, counts: body.counts };
}
