import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@app/core';

/** An RFC 7591 §3 initial access token an administrator issued for a setup (its SHA-256 only). */
@Entity('initial_access_token')
export class InitialAccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'setup_id', type: 'varchar', length: 32 })
  setupId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMs })
  expiresAt: Date;

  @Column({ name: 'max_uses', type: 'integer' })
  maxUses: number;

  /** Registrations that used it; never above maxUses (one conditional UPDATE per use). */
  @Column({ type: 'integer', default: 0 })
  uses: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: Date;
}

/** An initial access token as administrators see it: never the token. */
export interface InitialAccessTokenView {
  id: string;
  description?: string;
  expires_at: string;
  max_uses: number;
  uses: number;
  state: 'usable' | 'expired' | 'used_up';
  created_at: string;
  created_by: string;
}

export function toInitialAccessTokenView(entity: InitialAccessTokenEntity, now: Date): InitialAccessTokenView {
  return {
    id: entity.id,
    ...(entity.description ? { description: entity.description } : {}),
    expires_at: entity.expiresAt.toISOString(),
    max_uses: entity.maxUses,
    uses: entity.uses,
    state: entity.uses >= entity.maxUses ? 'used_up' : entity.expiresAt <= now ? 'expired' : 'usable',
    created_at: entity.createdAt.toISOString(),
    created_by: entity.createdBy,
  };
}
