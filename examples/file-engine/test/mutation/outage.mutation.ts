import { outageCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(outageCases);
