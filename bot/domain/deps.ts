import type { Db } from '../db';
import type { Logger } from '../logger';
import type { WecomClient } from '../wecom/client';

/** What domain functions need. They never see Koa, Bull or React. */
export interface DomainDeps {
  db: Db;
  wecom: WecomClient;
  logger: Logger;
}
