import type { EntityManager } from 'typeorm';

/**
 * A `(?, ?), (?, ?)` list for `rows` rows of `columns` values, in the placeholder style of the
 * connection (`$n` on PostgreSQL), starting after `offset` parameters. For the few bulk statements
 * written by hand: TypeORM's query builder costs tens of microseconds per row there, which made the
 * audit trail of 100,000 activations take seconds of CPU.
 */
export function valuesList(em: EntityManager, rows: number, columns: number, offset = 0): string {
  const postgres = em.connection.options.type === 'postgres';
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(postgres ? `$${offset + r * columns + c + 1}` : '?');
    out.push(`(${row.join(', ')})`);
  }
  return out.join(', ');
}
