// Child process for the benchmarks: one server per process.
//   tsx bench/servers.ts bare          → a bare Koa route answering 'success'
//   tsx bench/servers.ts bot <env json> → the bot with the roles PROCESS_ROLES names, on real Postgres + Redis
//   tsx bench/servers.ts sim            → the WeCom simulator (WeCom's own work is not the load generator's)
import Koa from 'koa';
import { loadConfig } from '../bot/config';
import { createLogger } from '../bot/logger';
import { runService } from '../bot/services';
import { startWecomSimulator } from '../test/wecom-sim/server';

async function main(): Promise<void> {
  const [mode, envJson] = process.argv.slice(2);
  if (mode === 'bare') {
    const app = new Koa();
    app.use((ctx) => {
      ctx.type = 'text/plain';
      ctx.body = 'success';
    });
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address();
      process.send?.({
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      });
    });
    return;
  }
  if (mode === 'sim') {
    const sim = await startWecomSimulator({ recordResponses: false });
    process.send?.({ url: sim.url });
    return;
  }
  const config = loadConfig(JSON.parse(envJson ?? '{}') as Record<string, string>);
  const running = await runService(config, createLogger({ level: config.log.level, pretty: false }));
  process.send?.({ url: running.url });
}

// Exit normally on SIGTERM so that --cpu-prof writes its profile.
process.once('SIGTERM', () => process.exit(0));
void main();
