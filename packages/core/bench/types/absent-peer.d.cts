// Stands in for a benchmark peer (tfjs, onnxruntime-web) when bench/node_modules is not installed,
// as in CI: tsconfig.bench.json's `paths` try the installed package first and fall back to this,
// so our own bench code is still typechecked everywhere and the calls into the peer are checked
// wherever the peers are installed (`ONNXRUNTIME_NODE_INSTALL=skip npm ci` in bench/).
declare const peer: any; // eslint-disable-line @typescript-eslint/no-explicit-any
export = peer;
