// Entry point for the TypeORM CLI, e.g. `npx typeorm migration:show -d dist/libs/core/src/database/data-source.js`.
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';

export default new DataSource(buildDataSourceOptions(loadConfig().database));
