export class InviteService {
  private readonly alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

  generateInviteCode(): string {
    return Array.from({ length: 8 }, () =>
      // ruleid: javascript.insecure-random.math-random-secret
      this.alphabet[Math.floor(Math.random() * this.alphabet.length)],
    ).join('');
  }

  assignSecret(account: { apiSecret?: string }): void {
    // ruleid: javascript.insecure-random.math-random-secret
    account.apiSecret = Math.random().toString(16).slice(2);
  }

  secureCode(): string {
    const bytes = new Uint8Array(8);
    // ok: javascript.insecure-random.math-random-secret
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => this.alphabet[b % this.alphabet.length]).join('');
  }

  sampleForAnalytics(): boolean {
    // ok: javascript.insecure-random.math-random-secret
    return Math.random() < 0.1;
  }
}

export const makeCsrfToken = (): string =>
  // ruleid: javascript.insecure-random.math-random-secret
  Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);

export function ToastId(): string {
  // ok: javascript.insecure-random.math-random-secret
  const id = `toast-${Math.random().toString(36).slice(2, 8)}`;
  return id;
}
