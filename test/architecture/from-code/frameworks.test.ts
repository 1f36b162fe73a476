import { describe, expect, it } from 'vitest';
import { element, fixture, flow, inline } from './helpers.js';

describe('fixture: express-shop', () => {
  const model = fixture('express-shop');
  const app = 'process:web-app:app.js#app';

  it('joins the users router under its mount prefix', () => {
    expect(element(model, app).attributes).toMatchObject({
      framework: 'Express',
      routes: ['GET /health', 'GET /products', 'GET /reports', 'GET /users/me', 'POST /orders', 'POST /users/login'],
    });
    expect(model.elements.filter((e) => e.kind === 'process')).toHaveLength(1);
  });

  it('classifies route middleware: auth, none, and a custom one as unknown', () => {
    const attributes = element(model, app).attributes;
    expect(attributes.authenticatedRoutes).toEqual(['GET /users/me', 'POST /orders']);
    expect(attributes.unauthenticatedRoutes).toEqual(['GET /health', 'GET /products', 'POST /users/login']);
    expect(attributes.unknownAuthRoutes).toEqual(['GET /reports']);
    expect(flow(model, `flow:external-entity:browser:browser->${app}:post-/orders`).authentication).toBe('custom');
    expect(flow(model, `flow:external-entity:browser:browser->${app}:get-/reports`).authentication).toBe('unknown');
    expect(model.assumptions.some((a) => a.includes('auditTrail'))).toBe(true);
  });

  it('finds Stripe from a literal fetch URL, over HTTPS', () => {
    const stripe = element(model, 'external-entity:third-party-api:api.stripe.com');
    expect(stripe.boundary).toBe('boundary:internet');
    expect(flow(model, `flow:${app}->external-entity:third-party-api:api.stripe.com:https`)).toMatchObject({
      label: 'POST',
      protocol: 'https',
      encryptedInTransit: true,
      crosses: ['boundary:app:app.js#app', 'boundary:internet'],
    });
  });

  it('finds the Postgres pool named by an env var, and the router in-memory sessions', () => {
    const pg = element(model, 'data-store:postgresql:env:database_url');
    expect(pg.attributes.nameFromEnv).toBe('DATABASE_URL');
    expect(pg.attributes.tables).toEqual(['orders', 'products']);
    expect(flow(model, `flow:${app}->data-store:postgresql:env:database_url:read-write`).protocol).toBe('sql');
    flow(model, `flow:${app}->data-store:in-memory:routes/users.js#sessions:read-write`);
    expect(element(model, app).attributes.secrets).toEqual(['JWT_SECRET']);
  });
});

describe('fixture: fastapi-billing', () => {
  const model = fixture('fastapi-billing');
  const app = 'process:web-app:main.py#app';

  it('prefixes router routes and reads Depends() authentication', () => {
    expect(element(model, app).attributes).toMatchObject({
      framework: 'FastAPI',
      routes: ['GET /billing/invoices/', 'GET /billing/invoices/public/terms', 'GET /billing/invoices/{invoice_id}', 'GET /status', 'POST /charges'],
      authenticatedRoutes: ['GET /billing/invoices/', 'GET /billing/invoices/{invoice_id}'],
      // Depends(get_db) is not authentication.
      unauthenticatedRoutes: ['GET /billing/invoices/public/terms', 'GET /status', 'POST /charges'],
      secrets: ['STRIPE_API_KEY'],
    });
    expect(flow(model, `flow:external-entity:user:user->${app}:get-/billing/invoices/`).authentication).toBe('jwt');
  });

  it('finds Stripe (httpx) and Auth0 (a JWKS URL) as external entities', () => {
    expect(flow(model, `flow:${app}->external-entity:third-party-api:api.stripe.com:https`).label).toBe('POST');
    expect(element(model, 'external-entity:identity-provider:auth0').boundary).toBe('boundary:internet');
    flow(model, `flow:${app}->external-entity:identity-provider:auth0:https`);
    // A JSON API without templates is used by a user (client), not a browser.
    expect(model.elements.some((e) => e.id === 'external-entity:browser:browser')).toBe(false);
  });
});

describe('fixture: django-site', () => {
  const model = fixture('django-site');
  const site = 'process:web-app:mysite';

  it('follows ROOT_URLCONF and include() to the views and their login requirements', () => {
    expect(element(model, site).attributes).toMatchObject({
      framework: 'Django',
      routes: ['ANY /admin/', 'ANY /orders/', 'ANY /orders/export/', 'GET /orders/<int:pk>/', 'POST /orders/track/'],
      authenticatedRoutes: ['ANY /admin/', 'ANY /orders/', 'ANY /orders/export/', 'GET /orders/<int:pk>/'],
      unauthenticatedRoutes: ['POST /orders/track/'],
      hardcodedSecrets: ['SECRET_KEY'],
    });
    expect(flow(model, `flow:external-entity:browser:browser->${site}:get-/orders/<int:pk>/`).evidence[0]!.note).toContain('LoginRequiredMixin');
  });

  it('models DATABASES as a Postgres store', () => {
    expect(element(model, 'data-store:postgresql:db.internal/shop').attributes.engine).toBe('postgresql');
    flow(model, `flow:${site}->data-store:postgresql:db.internal/shop:read-write`);
  });
});

describe('Flask blueprints and app-wide hooks', () => {
  const model = inline({
    'shop/__init__.py': [
      'from flask import Flask',
      'from flask_login import login_required',
      'from .admin import admin_bp',
      'app = Flask(__name__)',
      'app.register_blueprint(admin_bp, url_prefix="/admin")',
      '@app.route("/items", methods=["GET", "POST"])',
      '@login_required',
      'def items():',
      '    return "[]"',
      '@app.get("/open")',
      '@cache.cached(timeout=5)',
      'def open_route():',
      '    return "ok"',
      '@app.get("/odd")',
      '@audit_everything',
      'def odd():',
      '    return "ok"',
    ].join('\n'),
    'shop/admin.py': [
      'from flask import Blueprint',
      'admin_bp = Blueprint("admin", __name__)',
      '@admin_bp.before_request',
      'def track_visit():',
      '    pass',
      '@admin_bp.route("/users")',
      'def users():',
      '    return "[]"',
    ].join('\n'),
  });
  const app = element(model, 'process:web-app:shop/__init__.py#app');

  it('prefixes blueprint routes and expands methods', () => {
    expect(app.attributes.routes).toEqual(['GET /admin/users', 'GET /items', 'GET /odd', 'GET /open', 'POST /items']);
  });

  it('authenticates login_required, leaves neutral decorators open, and unknown for custom ones', () => {
    expect(app.attributes.authenticatedRoutes).toEqual(['GET /items', 'POST /items']);
    expect(app.attributes.unauthenticatedRoutes).toEqual(['GET /open']);
    // `track_visit` in before_request is custom code: unknown, not "open".
    expect(app.attributes.unknownAuthRoutes).toEqual(['GET /admin/users', 'GET /odd']);
  });
});

describe('Koa and Fastify', () => {
  it('reads @koa/router routes with a prefix and koa-jwt middleware', () => {
    const model = inline({
      'server.js': [
        "const Koa = require('koa');",
        "const Router = require('@koa/router');",
        "const jwt = require('koa-jwt');",
        'const app = new Koa();',
        "const router = new Router({ prefix: '/api' });",
        "router.get('/public', (ctx) => { ctx.body = 'hi'; });",
        "router.post('/notes', jwt({ secret: 'shhhhhh' }), (ctx) => { ctx.body = 'ok'; });",
        'app.use(router.routes());',
      ].join('\n'),
    });
    const app = element(model, 'process:web-app:server.js#app');
    expect(app.attributes.framework).toBe('Koa');
    expect(app.attributes.authenticatedRoutes).toEqual(['POST /api/notes']);
    expect(app.attributes.unauthenticatedRoutes).toEqual(['GET /api/public']);
    expect(app.attributes.hardcodedSecrets).toEqual(['secret']);
  });

  it('reads Fastify shorthand routes, route({method,url}) and preHandler hooks', () => {
    const model = inline({
      'app.ts': [
        "import Fastify from 'fastify';",
        'const fastify = Fastify({ logger: true });',
        "fastify.get('/ping', async () => 'pong');",
        "fastify.get('/me', { preHandler: [fastify.authenticate] }, async (request) => request.user);",
        "fastify.route({ method: ['PUT', 'DELETE'], url: '/items/:id', handler: async () => ({}) });",
      ].join('\n'),
    });
    const app = element(model, 'process:web-app:app.ts#fastify');
    expect(app.attributes.routes).toEqual(['DELETE /items/:id', 'GET /me', 'GET /ping', 'PUT /items/:id']);
    expect(app.attributes.authenticatedRoutes).toEqual(['GET /me']);
  });

  it('applies app.use(auth) to routes declared after it only', () => {
    const model = inline({
      'index.js': [
        "import express from 'express';",
        "import { expressjwt } from 'express-jwt';",
        'const app = express();',
        "app.get('/before', (req, res) => res.send('x'));",
        "app.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }));",
        "app.get('/after', (req, res) => res.send('y'));",
      ].join('\n'),
    });
    const app = element(model, 'process:web-app:index.js#app');
    expect(app.attributes.unauthenticatedRoutes).toEqual(['GET /before']);
    expect(app.attributes.authenticatedRoutes).toEqual(['GET /after']);
    expect(flow(model, 'flow:external-entity:user:user->process:web-app:index.js#app:get-/after').authentication).toBe('jwt');
  });
});

describe('what must not match', () => {
  it('ignores look-alikes: dict.get paths, constants, non-literal and loopback URLs, non-secret env vars', () => {
    const model = inline({
      'tool.py': [
        'import os',
        'import requests',
        'ALLOWED = ["png", "jpg"]',
        'CACHE = {}',
        'PORT = os.environ.get("PORT")',
        'def check(name, url):',
        '    routes = {}',
        '    routes.get("/x", None)',
        '    requests.get(url)',
        '    requests.get("http://localhost:8080/health")',
        '    return name in ALLOWED',
      ].join('\n'),
      'settings.js': ["const app = { get: (k) => k };", "app.get('title');", "fetch(process.env.API_URL);"].join('\n'),
    });
    expect(model).toEqual({ elements: [], flows: [], boundaries: [], assumptions: [] });
  });

  it('does not make a Lambda of a function without (event, context)', () => {
    const model = inline({ 'worker.py': 'def handler(request):\n    return request\n', 'job.js': 'exports.handler = async (req) => req;\n' });
    expect(model.elements).toEqual([]);
  });

  it('skips test code', () => {
    const model = inline({ 'tests/test_app.py': 'from flask import Flask\napp = Flask(__name__)\n@app.route("/x")\ndef x():\n    return ""\n' });
    expect(model.elements).toEqual([]);
  });

  it('reads http:// URLs as unencrypted', () => {
    const model = inline({ 'lambda.py': 'import urllib.request\n\ndef handler(event, context):\n    urllib.request.urlopen("http://api.weather.example.com/v1/today")\n' });
    expect(flow(model, 'flow:process:lambda:lambda.py->external-entity:third-party-api:api.weather.example.com:http')).toMatchObject({ protocol: 'http', encryptedInTransit: false });
  });
});
