import Router from '@koa/router';
import type { DomainDeps } from '../../domain/deps';
import { jsonBody } from '../middlewares/json-body';
import { type StaffAuthOptions, type StaffState, staffAuth } from '../middlewares/staff-auth';

/** A part of the staff API: adds its routes to the authenticated /api/v1 router. */
export type StaffRoutes = (router: Router<StaffState>, deps: DomainDeps) => void;

/**
 * The staff API for the sidebar and the manager's desk, under /api/v1: the staff bearer token (HQ) or the
 * sidebar's session cookie (guide, store manager or HQ, resolved per request). Every route sees
 * `ctx.state.actor` and passes it to the domain, where authorization is decided.
 */
export function staffApiRoutes(deps: DomainDeps, auth: StaffAuthOptions, parts: StaffRoutes[]): Router {
  const router = new Router<StaffState>({ prefix: '/api/v1' });
  router.use(staffAuth(deps, auth));
  router.use(...jsonBody());
  for (const add of parts) add(router, deps);
  return router;
}
