import { Request, Response } from 'express';
import { Sequelize } from 'sequelize';

const sequelize = new Sequelize('sqlite::memory:');

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
