#!/usr/bin/env node
// The `vinculo` command. The sources are TypeScript run directly by Node (type stripping, Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`vinculo needs Node.js 22.18 or newer (24 recommended); this is ${process.versions.node}.`);
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
