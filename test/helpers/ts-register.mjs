// For child processes that run the TypeScript sources directly (`node --import ./test/helpers/ts-register.mjs
// child.ts`): registers ts-loader.mjs, which strips types with @swc/core (as the Jest transform does).
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
