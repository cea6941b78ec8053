import type { DestinationStream } from 'pino';

export interface LogRecord {
  level: string;
  msg?: string;
  context?: string;
  request_id?: string;
  [field: string]: unknown;
}

/** A pino destination that keeps every line the service writes, as written. */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  /** Every line parsed: each one must be a JSON object. */
  get records(): LogRecord[] {
    return this.lines.map((line) => JSON.parse(line) as LogRecord);
  }

  clear(): void {
    this.lines.length = 0;
  }
}
