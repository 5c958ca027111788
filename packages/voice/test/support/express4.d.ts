// express@4 is installed under the alias `express4` beside express@5; its API, as far as the tests use
// it, is the one @types/express describes.
declare module "express4" {
  import express from "express";
  export default express;
}
