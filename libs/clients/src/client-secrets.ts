import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfigService, loadOrCreateKeyFile, SecretCipher } from '@app/core';
import { ClientTimeline } from './client.timeline';
import type { ClientSnapshotEntity } from './entities/client-snapshot.entity';

/** 256 random bits, base64url: the secret the server issues when the caller supplies none. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The cipher for client secrets, keyed from configuration or from the key file under ./data. */
@Injectable()
export class ClientSecretCipher extends SecretCipher {
  constructor(config: AppConfigService) {
    const { secretEncryptionKey, secretKeyFile } = config.values;
    super(secretEncryptionKey ?? loadOrCreateKeyFile(secretKeyFile));
  }
}

/** What an edit of a client means for its secret. */
export interface SecretChange {
  clientId: string;
  /** The secret the body sets, if any. */
  clientSecret: string | undefined;
  /** Whether the client's authentication method needs a secret. */
  needsSecret: boolean;
  /** Whether the new snapshot is in force at once (or scheduled for `validFrom`). */
  immediate: boolean;
  validFrom: Date | undefined;
  /** The snapshot in force when the edit is made. */
  inForce: ClientSnapshotEntity | null;
}

/** Which sealed secret a client's new snapshot carries, and whether one was issued for it. */
@Injectable()
export class ClientSecrets {
  constructor(
    private readonly cipher: ClientSecretCipher,
    private readonly timeline: ClientTimeline,
  ) {}

  /** A new secret for a client, issued by the server, with its sealed form. */
  issue(clientId: string): { secret: string; secretEnc: string } {
    const secret = generateClientSecret();
    return { secret, secretEnc: this.cipher.encrypt(secret, clientId) };
  }

  /**
   * The secret of a client's edited configuration. A secret in the body replaces the old one; replaced
   * now, it also replaces it in the scheduled changes that were carrying the old one forward, so that no
   * later activation brings the old secret back. Without one, a method that needs a secret keeps the
   * secret of the configuration this one follows, and a new one is issued only if there is none.
   */
  async carryForward(
    em: EntityManager,
    change: SecretChange,
  ): Promise<{ secretEnc: string | null; generatedSecret?: string }> {
    const { clientId, clientSecret, immediate, inForce } = change;
    if (clientSecret !== undefined) {
      const secretEnc = this.cipher.encrypt(clientSecret, clientId);
      if (immediate && inForce?.secretEnc)
        await this.timeline.replaceScheduledSecret(em, clientId, inForce.secretEnc, secretEnc);
      return { secretEnc };
    }
    if (!change.needsSecret) return { secretEnc: null };
    const base = immediate ? inForce : await this.timeline.inForceAt(em, clientId, change.validFrom!);
    if (base?.secretEnc) return { secretEnc: base.secretEnc };
    const issued = this.issue(clientId);
    return { secretEnc: issued.secretEnc, generatedSecret: issued.secret };
  }
}
