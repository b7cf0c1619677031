import { expiryCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(expiryCases);
