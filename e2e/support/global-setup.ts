import { ensureWebBuild } from '../../apps/server/src/web/web-build.ts';

/** The journeys run on the built app: build it once here, before servers start in parallel. */
export default async function globalSetup() {
  await ensureWebBuild((message) => console.log(message));
}
