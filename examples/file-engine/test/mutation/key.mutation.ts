import { keyCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(keyCases);
