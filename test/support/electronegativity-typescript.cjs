// Loaded with `node --require` before electronegativity. It parses with
// @typescript-eslint/typescript-estree 4, which npm hoists to the top of node_modules, where
// require('typescript') finds this project's TypeScript 7 (which has no JavaScript API) instead of
// the TypeScript 4.2 electronegativity depends on: this points it at that one.
const Module = require('node:module');
const path = require('node:path');

const own = path.join(path.dirname(require.resolve('@doyensec/electronegativity/package.json')), 'node_modules', 'typescript');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const fromEstree = request === 'typescript' && parent?.filename?.includes(`${path.sep}@typescript-eslint${path.sep}`);
  return resolveFilename.call(this, fromEstree ? own : request, parent, ...rest);
};
