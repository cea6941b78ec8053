/**
 * Who performs a command: the authenticated principal's subject, recorded on events and in the audit
 * trail. An administrator may act on anything; anyone else only on clients it owns.
 */
export interface Actor {
  subject: string;
  admin: boolean;
}
