// Child process for bench/run.ts: one server per process, so the load generator does not share its event loop.
//   tsx bench/servers.ts bare                → a bare Koa route answering 'success'
//   tsx bench/servers.ts callback <env json> → the bot's web role (POST /wecom/callback on real Postgres + Redis)
import Koa from 'koa';
import { loadConfig } from '../bot/config';
import { createLogger } from '../bot/logger';
import { runService } from '../bot/services';

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
  const env = JSON.parse(envJson ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  const running = await runService(config, createLogger({ level: 'warn', pretty: false }));
  process.send?.({ url: running.url });
}

// Exit normally on SIGTERM so that --cpu-prof (npm run bench -- 10 --prof) writes its profile.
process.once('SIGTERM', () => process.exit(0));
void main();
