import { NextRequest, NextResponse } from 'next/server';
import type { Request, Response } from 'express';
import axios from 'axios';

// Next.js route handler: unfurl a link pasted in chat.
export async function GET(request: NextRequest): Promise<NextResponse> {
  const link = request.nextUrl.searchParams.get('link') ?? '';
  // ruleid: javascript.ssrf.taint
  const upstream = await fetch(new URL(link), { redirect: 'follow' });
  return NextResponse.json({ ok: upstream.ok });
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  const { feedUrl } = (await request.json()) as { feedUrl: string };
  const client = axios.create({
    // ruleid: javascript.ssrf.taint
    baseURL: feedUrl,
    timeout: 5000,
  });
  const feed = await client.get('/rss.xml');
  return NextResponse.json({ items: feed.data });
}

async function loadAvatar(avatarUrl: string): Promise<ArrayBuffer> {
  const res = await fetch(avatarUrl);
  return res.arrayBuffer();
}

const USERS_API = 'https://users.internal.example.com';

export async function invoice(req: Request, res: Response): Promise<void> {
  // ok: javascript.ssrf.taint
  const billing = await axios.get(`${process.env.BILLING_API}/invoices/${req.params.id}`);
  // ok: javascript.ssrf.taint
  const owner = await fetch(USERS_API + '/users/' + encodeURIComponent(String(req.query.owner)));
  res.json({ invoice: billing.data, owner: await owner.json() });
}

export async function avatar(req: Request, res: Response): Promise<void> {
  // ruleid: javascript.ssrf.taint
  const bytes = await loadAvatar(req.body.avatarUrl as string);
  // ok: javascript.ssrf.taint
  const fallback = await loadAvatar('https://cdn.example.com/default.png');
  res.type('png').send(Buffer.from(req.body.useFallback ? fallback : bytes));
}

// A CLI-style helper with a constant URL.
export async function health(): Promise<number> {
  // ok: javascript.ssrf.taint
  const res = await axios.get('http://localhost:8080/health');
  return res.status;
}
