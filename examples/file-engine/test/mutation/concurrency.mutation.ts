import { concurrencyCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(concurrencyCases);
