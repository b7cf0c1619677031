import { clearExpiredCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(clearExpiredCases);
