import type { MigrationInterface, QueryRunner } from 'typeorm';

type Json = Record<string, unknown>;

const RENAMED_DEFAULTS: Record<string, string> = {
  policy_implicit_flow: 'scope_policy_implicit_flow',
  policy_authorization_code_flow: 'scope_policy_authorization_code_flow',
  policy_refresh_token: 'scope_policy_refresh_token',
};

/**
 * A setup's resource_server_defaults in nevisMeta's names. The old `policy_force_reauthentication`
 * was a consent policy for re-authenticating requests; nevisMeta's member is a boolean ("does this
 * scope force a new login") with no equivalent among the old values, so it is dropped (inherits false).
 */
export function nevisMetaSetup(content: Json): Json {
  const defaults = content.resource_server_defaults as Json | undefined;
  if (!defaults || typeof defaults !== 'object') return content;
  const converted: Json = {};
  for (const [key, value] of Object.entries(defaults)) {
    if (RENAMED_DEFAULTS[key]) converted[RENAMED_DEFAULTS[key]] = value;
    else if (key !== 'policy_force_reauthentication') converted[key] = value;
  }
  return { ...content, resource_server_defaults: converted };
}

/**
 * A resource server's scopes in nevisMeta's types: `policy_force_reauthentication` a boolean (an old
 * consent-policy value is dropped, see above), `custom_claims` a string (the old list of claim names,
 * which could hold no spaces, joined with spaces; an empty list dropped).
 */
export function nevisMetaResourceServer(content: Json): Json {
  if (!Array.isArray(content.scopes)) return content;
  const scopes = (content.scopes as Json[]).map((scope) => {
    const result: Json = { ...scope };
    if (typeof result.policy_force_reauthentication === 'string') delete result.policy_force_reauthentication;
    if (Array.isArray(result.custom_claims)) {
      if (result.custom_claims.length) result.custom_claims = result.custom_claims.join(' ');
      else delete result.custom_claims;
    }
    return result;
  });
  return { ...content, scopes };
}

/** Stored snapshots in nevisMeta's member names and types (issue 16): reads then return them unchanged. */
export class NevisMetaShapes1765160000000 implements MigrationInterface {
  name = 'NevisMetaShapes1765160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rewrite(queryRunner, 'setup_snapshot', nevisMetaSetup);
    await rewrite(queryRunner, 'resource_server_snapshot', nevisMetaResourceServer);
  }

  async down(): Promise<void> {
    // The old shapes held values nevisMeta's have no place for (and the reverse): nothing to restore.
  }
}

/** Rewrites the content of every row whose conversion changes it, a thousand rows at a time. */
async function rewrite(queryRunner: QueryRunner, table: string, convert: (content: Json) => Json): Promise<void> {
  const p = (n: number) => (queryRunner.connection.options.type === 'postgres' ? `$${n}` : '?');
  let after = '';
  for (;;) {
    const rows: Array<{ id: string; content: string }> = await queryRunner.query(
      `SELECT id, content FROM ${table} WHERE id > ${p(1)} ORDER BY id LIMIT 1000`,
      [after],
    );
    if (!rows.length) return;
    for (const row of rows) {
      const next = JSON.stringify(convert(JSON.parse(row.content) as Json));
      if (next !== row.content)
        await queryRunner.query(`UPDATE ${table} SET content = ${p(1)} WHERE id = ${p(2)}`, [next, row.id]);
    }
    after = rows[rows.length - 1].id;
  }
}
