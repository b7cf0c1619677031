// Peers that ship no type declarations (and whose @types packages are not installed).
declare module 'express-session';
declare module 'better-sqlite3-session-store';
declare module 'connect-pg-simple';
declare module 'cookie-session';
declare module 'memorystore';
declare module 'connect-memcached';
