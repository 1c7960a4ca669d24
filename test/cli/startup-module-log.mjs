// Preloaded with `node --import` by test/cli/startup.test.ts: appends the URL of every module the process loads
// (ES modules through a resolve hook, CommonJS ones from require.cache at exit) to $SANITEXT_MODULE_LOG, and
// last a line `cpu <seconds>`: the process's CPU time (user + system), which a loaded machine hardly changes.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.SANITEXT_MODULE_LOG;
if (log) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
      return resolved;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    appendFileSync(log, `${Object.keys(require.cache).map((path) => `file://${path}\n`).join('')}cpu ${(user + system) / 1e6}\n`);
  });
}
