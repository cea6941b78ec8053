import { IntegerField } from '../../http/validators';

export class RotateSecretDto {
  @IntegerField({
    minimum: 0,
    maximum: 2_592_000,
    example: 86400,
    description: 'How long the replaced secret stays valid, in seconds; default SECRET_ROTATION_GRACE_SECONDS.',
  })
  grace_period_seconds?: number;
}
