export { FileEngine, type FileEngineOptions } from './file-engine.js';
export { keyToFile } from './key-path.js';
