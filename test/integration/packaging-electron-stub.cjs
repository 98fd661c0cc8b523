// Loaded with `node --require` before the packaged main.cjs: answers require('electron') with a
// recorder of the calls main makes while it loads, and prints them as JSON when Node exits. Electron
// itself cannot be had here; this shows the bundle loads in a plain runtime with no node_modules.
const Module = require('node:module');

// A packaged app's argv is its executable and what it was given; Node's has the script between them.
process.argv.splice(1, 1);

const userData = process.env.SKBSCOPE_STUB_USER_DATA;
const calls = [];
const app = {
  isPackaged: true,
  getPath: (name) => {
    calls.push(['app.getPath', name]);
    return userData;
  },
  // SKBSCOPE_STUB_LOCK=held: another Skbscope runs.
  requestSingleInstanceLock: (data) => {
    calls.push(['app.requestSingleInstanceLock', data]);
    return process.env.SKBSCOPE_STUB_LOCK !== 'held';
  },
  on: (event) => {
    calls.push(['app.on', event]);
    return app;
  },
  // Never ready: what happens once a window can be made needs Electron.
  whenReady: () => {
    calls.push(['app.whenReady']);
    return new Promise(() => {});
  },
  quit: () => calls.push(['app.quit']),
};
const electron = {
  app,
  protocol: { registerSchemesAsPrivileged: (schemes) => calls.push(['protocol.registerSchemesAsPrivileged', schemes]) },
};

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};
process.on('exit', () => process.stdout.write(JSON.stringify(calls)));
