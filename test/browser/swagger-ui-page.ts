import type { Locator, Page } from 'playwright-core';

export interface Answer {
  status: number;
  body: string;
  headers: string;
}

/**
 * Swagger UI driven as a person would: find an operation by tag and operationId, "Try it out", fill
 * what the page asks for, "Execute", and read the answer the page shows.
 */
export class SwaggerUiPage {
  constructor(
    readonly page: Page,
    private readonly screenshots: (name: string) => string,
  ) {}

  async open(url: string): Promise<void> {
    await this.page.goto(`${url}/docs`);
    await this.page.locator('.swagger-ui .information-container').waitFor();
    await this.page.locator('.opblock').first().waitFor();
  }

  async authorize(token: string): Promise<void> {
    await this.page.locator('.scheme-container button.authorize').click();
    const dialog = this.page.locator('.dialog-ux .modal-ux');
    await dialog.locator('input').first().fill(token);
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    await dialog.locator('.auth-btn-wrapper button.btn-done, .auth-btn-wrapper button.close-modal').first().click();
    await dialog.waitFor({ state: 'detached' });
  }

  operation(tag: string, operationId: string): Locator {
    return this.page.locator(`[id="operations-${tag}-${operationId}"]`);
  }

  /** Opens the operation, fills the parameters, runs it with the pre-filled body, and reads the answer. */
  async execute(
    tag: string,
    operationId: string,
    params: Record<string, string> = {},
    screenshot?: string,
  ): Promise<Answer> {
    const op = this.operation(tag, operationId);
    await op.scrollIntoViewIfNeeded();
    if (!(await op.locator('.opblock-body').count())) await op.locator('.opblock-summary').first().click();
    const tryOut = op.locator('button.try-out__btn');
    if ((await tryOut.innerText()).trim() === 'Try it out') await tryOut.click();
    for (const [name, value] of Object.entries(params)) {
      await op.locator(`tr[data-param-name="${name}"]`).locator('input, textarea').first().fill(value);
    }
    await op.locator('button.execute').click();
    const live = op.locator('.live-responses-table .response').first();
    await live.waitFor();
    await op.locator('.loading-container').waitFor({ state: 'detached' });
    const status = Number((await live.locator('.response-col_status').innerText()).trim());
    const body = (
      await live.locator('.response-col_description pre.microlight, .response-col_description pre').first().innerText()
    ).trim();
    const headers = (
      await live.locator('.response-col_description .response-headers, .response-col_description').last().innerText()
    ).trim();
    if (screenshot) {
      await live.scrollIntoViewIfNeeded();
      await this.page.screenshot({ path: this.screenshots(screenshot), fullPage: false });
    }
    return { status, body, headers };
  }
}
