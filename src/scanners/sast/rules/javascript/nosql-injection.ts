import type { Context } from 'koa';
import { MongoClient, ObjectId } from 'mongodb';
import { Sequelize, Model } from 'sequelize';

const client = new MongoClient(process.env.MONGO_URL ?? 'mongodb://localhost');
const orders = client.db('shop').collection('orders');
class Invoice extends Model {}

export async function listOrders(ctx: Context): Promise<void> {
  const filter = { customerId: ctx.request.query.customer, status: 'open' };
  // ruleid: javascript.nosqli.operator-injection
  ctx.body = await orders.find(filter).toArray();
}

export async function getOrder(ctx: Context): Promise<void> {
  const body = ctx.request.body as { id: string; note: string };
  // ok: javascript.nosqli.operator-injection
  const order = await orders.findOne({ _id: new ObjectId(body.id) });
  // ruleid: javascript.nosqli.operator-injection
  await orders.updateOne({ _id: order?._id, note: body.note }, { $set: { seen: true } });
  ctx.body = order;
}

export async function invoices(ctx: Context): Promise<void> {
  // Sequelize operators are Symbols, which JSON cannot produce.
  // ok: javascript.nosqli.operator-injection
  ctx.body = await Invoice.findOne({ where: { number: ctx.request.body.number } });
}

export async function byAuthor(ctx: Context): Promise<void> {
  // ruleid: javascript.nosqli.where-injection
  ctx.body = await orders.find({ status: 'open' }).$where('this.owner === "' + ctx.params.owner + '"');
}

export const db = new Sequelize('sqlite::memory:');
