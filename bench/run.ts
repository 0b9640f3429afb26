/** `npm run bench`: every benchmark of the project, one after the other. */
await import("./foundation.bench.js");
