import { Entity } from 'typeorm';
import { VersionedEntityBase } from '@app/versioning';

@Entity('setup')
export class SetupEntity extends VersionedEntityBase {}
