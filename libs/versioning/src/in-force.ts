/**
 * The one SQL formulation of "the snapshot in force at an instant": the snapshot `alias` (already joined
 * to its owner `ownerExpr`) is the one whose valid_from is the owner's latest not after the named
 * parameter. Join or filter with it wherever a query asks which snapshot is in force (lists, setup
 * deletion, the scope catalogue).
 *
 * `snapshotTable` and `ownerColumn` name the kind's snapshot table and its owner column, e.g.
 * `client_snapshot` and `client_id`; `ownerExpr` is SQL for the owner's id, e.g. `c.id`.
 */
export function inForceCondition(
  alias: string,
  snapshotTable: string,
  ownerColumn: string,
  ownerExpr: string,
  atParameter = 'inForceAt',
): string {
  return (
    `${alias}.valid_from = ` +
    `(SELECT MAX(l.valid_from) FROM ${snapshotTable} l WHERE l.${ownerColumn} = ${ownerExpr} AND l.valid_from <= :${atParameter})`
  );
}
