import { config } from '../../tsup.base.mjs';
export default config({ index: 'src/index.ts' });
