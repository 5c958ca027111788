// The smoke suite as CommonJS: packages come in through `require`; the second format is `import()`.
// Usage: <runtime> run.cjs '<config JSON>'  (prints one JSON line per check and probe)
"use strict";

const config = JSON.parse(process.argv[process.argv.length - 1]);

import("./suite.mjs")
  .then(({ runSuite }) =>
    runSuite({
      format: "cjs",
      load: async (specifier) => require(specifier),
      loadOther: (specifier) => import(specifier),
      config,
      emit: (result) => console.log(JSON.stringify(result)),
    }),
  )
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
