import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError, loadConfig } from '@app/core';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof InvalidConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  // SIGTERM (orchestrators) and SIGINT (Ctrl-C): drain, shut down in order, then exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const logger = new Logger('Bootstrap');
  const timeoutMs = config.shutdownTimeoutMs ?? 25_000;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: finishing the requests in flight and the activation batch, then closing the database`);
      // Whatever hangs (a request waiting for an unreachable database) must not keep the process forever.
      setTimeout(() => {
        logger.error(`Shutdown did not finish within ${timeoutMs} ms; exiting anyway`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
  await app.listen(config.port, config.host);
  const where = config.database.type === 'sqlite' ? `SQLite at ${config.database.path}` : 'PostgreSQL';
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.log(`oauth-registry listening on ${base} (${where}); Swagger UI at ${base}/docs`);
}

void bootstrap();
