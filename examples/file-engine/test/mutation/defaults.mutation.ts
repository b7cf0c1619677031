import { engineContractCases } from '@sessionkit/conformance';
import { runGroupAtDefaults } from './setup';

runGroupAtDefaults(engineContractCases);
