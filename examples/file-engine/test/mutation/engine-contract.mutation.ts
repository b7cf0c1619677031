import { engineContractCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(engineContractCases);
