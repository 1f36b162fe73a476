import { Request, Response } from 'express';
import { Sequelize } from 'sequelize';
import { PrismaClient } from '@prisma/client';
import { DataSource } from 'typeorm';

const sequelize = new Sequelize('sqlite::memory:');
const prisma = new PrismaClient();
const dataSource = new DataSource({ type: 'postgres' });

export async function search(req: Request, res: Response): Promise<void> {
  const term: string = req.query.term as string;
  let where = 'WHERE 1=1';
  if (term) {
    where += ` AND name LIKE '%${term}%'`;
  }
  // ruleid: javascript.sqli.taint
  const rows = await sequelize.query(`SELECT * FROM products ${where}`);
  // ok: javascript.sqli.taint
  const bound = await sequelize.query('SELECT * FROM products WHERE name = :term', { replacements: { term } });
  res.json({ rows, bound });
}

export async function userByEmail(req: Request, res: Response): Promise<void> {
  const email = String(req.body.email);
  // ruleid: javascript.sqli.taint
  const unsafe = await prisma.$queryRawUnsafe(`SELECT * FROM "User" WHERE email = '${req.body.email}'`);
  // ok: javascript.sqli.taint, javascript.sqli.string-built-query
  const safe = await prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${req.body.email}`;
  res.json({ unsafe, safe, email });
}

export async function ordersByCustomer(req: Request, res: Response): Promise<void> {
  const customer = req.params.customer;
  const qb = dataSource.getRepository('Order').createQueryBuilder('o');
  // ruleid: javascript.sqli.taint
  qb.where(`o.customer = '${customer}'`);
  // ok: javascript.sqli.taint
  qb.andWhere('o.status = :status', { status: req.query.status });
  const orders = await qb.getMany();
  res.json(orders);
}

export async function reportRows(tenantId: string, from: Date): Promise<unknown> {
  // ruleid: javascript.sqli.string-built-query
  return sequelize.query('SELECT * FROM reports WHERE tenant_id = ' + tenantId + ' AND created_at > :from', {
    replacements: { from },
  });
}
