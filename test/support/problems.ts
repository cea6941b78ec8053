/** The parts of a response a problem assertion looks at (supertest's response has them). */
export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A problem+json answer (RFC 9457) with this status and code, a type URI naming the code, a title and
 * a detail, and nothing of the inside: no stack frame, no SQL, no driver error.
 */
export function expectProblem(res: ProblemResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status,
    code,
    type: expect.stringContaining(code.toLowerCase().replace(/_/g, '-')),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toMatch(
    /\bat .*\.(js|ts):\d+|SELECT|INSERT|UPDATE|DELETE FROM|QueryFailedError/,
  );
}
