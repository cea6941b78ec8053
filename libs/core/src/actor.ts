/** Who performs a command; recorded on events and in the audit trail. */
export interface Actor {
  subject: string;
}

/** Until bearer authentication lands, every request acts as this principal. */
export const ANONYMOUS_ACTOR: Actor = { subject: 'anonymous' };
