export {
  constantTimeEqual,
  deriveHmacKey,
  MIN_SECRET_BYTES,
  resolveAlgorithm,
  type Secret,
  saltedHmac,
  validateFallbacks,
  validateSecret,
} from './crypto.js';
export { DEFAULT_DUMPS_SALT, type DumpsOptions, dumps, type LoadsOptions, loads } from './dumps.js';
export { BASE62_ALPHABET, b62Decode, b62Encode, b64Decode, b64DecodeInto, b64Encode } from './encoding.js';
export { pythonJsonDumps, pythonJsonLoads } from './python-json.js';
export { secretWeakness, warnIfWeakSecret } from './secret-quality.js';
export {
  isPythonNumber,
  MAX_DECODE_DEPTH,
  PYTHON_NUMBER_KEY,
  type PythonNumber,
  protectPythonNumbers,
  pythonNumber,
} from './python-numbers.js';
export {
  createSessionCodec,
  DEFAULT_INFLATE_RATIO,
  DEFAULT_SESSION_COMPRESS_THRESHOLD,
  DJANGO_SESSION_SALT,
  plainJsonCodec,
  type SessionCodec,
  type SessionCodecOptions,
} from './session-codec.js';
export {
  MAX_DECOMPRESSED_BYTES,
  type SignObjectOptions,
  Signer,
  type SignerOptions,
  TimestampSigner,
  type TimestampSignerOptions,
  type TimestampUnsignObjectOptions,
  type UnsignObjectOptions,
  type UnsignTimestampOptions,
} from './signer.js';
