import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfigService, loadOrCreateKeyFile, SecretCipher } from '@app/core';

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
