// Express 4 and Koa 2 are installed under the aliases express4 and koa2 (root package.json).
// The parts of their APIs these tests use are typed the same as in the current majors.
declare module 'express4' {
  import express from 'express';
  export default express;
}

declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
