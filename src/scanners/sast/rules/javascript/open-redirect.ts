import { NextRequest, NextResponse } from 'next/server';
import { redirect } from 'next/navigation';

export function GET(request: NextRequest): NextResponse {
  const next = request.nextUrl.searchParams.get('next') ?? '/';
  // ruleid: javascript.open-redirect.taint
  return NextResponse.redirect(new URL(next, request.url));
}

export function POST(request: NextRequest): NextResponse {
  // ok: javascript.open-redirect.taint
  return NextResponse.redirect(new URL('/dashboard', request.url));
}

export async function finishCheckout(formData: FormData, request: NextRequest): Promise<never> {
  const orderId = Number(formData.get('orderId'));
  if (request.nextUrl.searchParams.has('cancel')) {
    // ruleid: javascript.open-redirect.taint
    redirect(request.nextUrl.searchParams.get('cancelUrl') ?? '/cart');
  }
  // ok: javascript.open-redirect.taint
  redirect(`/orders/${orderId}/thanks`);
}
