import { DataSource } from 'typeorm';
import { TransactionRunner } from './transaction-runner';

/**
 * TypeORM's better-sqlite3 driver shares one connection; without the queue, overlapping transactions
 * nest as savepoints and one request's rollback undoes another's committed work.
 */
describe('TransactionRunner on SQLite', () => {
  let dataSource: DataSource;
  let sut: TransactionRunner;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE item (id INTEGER PRIMARY KEY)');
    sut = new TransactionRunner(dataSource);
  });
  afterAll(() => dataSource.destroy());

  it('keeps overlapping transactions apart: a rollback undoes only its own writes', async () => {
    const tick = () => new Promise((r) => setImmediate(r));
    const committed = sut.run(async (em) => {
      await em.query('INSERT INTO item (id) VALUES (1)');
      await tick();
      await em.query('INSERT INTO item (id) VALUES (2)');
    });
    const failed = sut.run(async (em) => {
      await em.query('INSERT INTO item (id) VALUES (3)');
      await tick();
      throw new Error('boom');
    });
    await committed;
    await expect(failed).rejects.toThrow('boom');
    const rows: Array<{ id: number }> = await dataSource.query('SELECT id FROM item ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('commits a group of concurrent units together, rejecting only the one that broke a constraint', async () => {
    const units = [10, 11, 10, 12].map((id) => sut.run((em) => em.query(`INSERT INTO item (id) VALUES (${id})`)));
    const settled = await Promise.allSettled(units);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows: Array<{ id: number }> = await dataSource.query('SELECT id FROM item WHERE id >= 10 ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([10, 11, 12]);
  });

  it('keeps going after a failed transaction', async () => {
    await expect(sut.run(async () => Promise.reject(new Error('first')))).rejects.toThrow('first');
    await expect(sut.run(async (em) => em.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
  });
});
