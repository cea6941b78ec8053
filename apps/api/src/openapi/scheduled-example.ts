import type { ExampleObject } from '@nestjs/swagger';

/**
 * An example that schedules: valid_from is the next midnight UTC at least a day after the document
 * was built, so running it always schedules (and reading the entity keeps answering the active state).
 */
export function scheduledExample(what: string, body: Record<string, unknown>): ExampleObject {
  const day = 24 * 60 * 60 * 1000;
  const validFrom = new Date(Math.ceil((Date.now() + day) / day) * day).toISOString().replace('.000Z', 'Z');
  return {
    summary: `Scheduled: ${what}, from ${validFrom}`,
    description:
      'Schedules this configuration: it takes effect at valid_from; until then the active one stays in force. Delete the scheduled snapshot (.../snapshots/{snapshotId}) to cancel it.',
    value: { ...body, valid_from: validFrom },
  };
}
