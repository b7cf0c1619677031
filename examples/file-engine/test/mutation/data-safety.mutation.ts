import { dataSafetyCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(dataSafetyCases);
