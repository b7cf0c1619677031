import { sessionBehaviourCases } from '@sessionkit/conformance';
import { runGroup } from './setup';

runGroup(sessionBehaviourCases);
