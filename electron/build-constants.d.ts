/** Replaced at build time by build/bundle-node.mjs with the version in package.json. */
declare const SKBSCOPE_VERSION: string;
