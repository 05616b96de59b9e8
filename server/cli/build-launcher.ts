import { ensureLauncherBinary } from '../db/embedded-ferretdb.ts';

/** Builds the embedded database launcher (Go) ahead of the first start; a no-op when current. */
const binary = await ensureLauncherBinary();
console.log(`Embedded database launcher ready: ${binary}`);
