import { versionCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(versionCases);
