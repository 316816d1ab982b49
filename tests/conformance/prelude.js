// loopscope conformance prelude: defines in node the two globals loopscope
// provides natively. Load it with:  node -r ./prelude.js PROGRAM.js
//
// block(ms)  Burns the main thread's CPU for ms milliseconds (busy loop), so
//            timers that fall due meanwhile run late.
// work(ms, cb[, {signal}])
//            Runs about ms of CPU work on the libuv thread pool (4 threads by
//            default, UV_THREADPOOL_SIZE) and then calls cb(null, undefined)
//            in the poll phase, like any thread-pool completion (fs, crypto).
//            Here the work is crypto.pbkdf2 with an iteration count calibrated
//            once at load time. The result argument is always undefined.
//            Abort (signal is an AbortSignal, optional):
//            - already aborted when work() is called: nothing is queued and
//              cb(AbortError) is called through process.nextTick;
//            - aborted later: the work is not cancelled, it still occupies its
//              pool thread to the end; when it completes, cb(AbortError) is
//              called instead of cb(null, undefined) (the result is dropped).
//            AbortError: err.name 'AbortError', err.code 'ABORT_ERR',
//            err.message 'The operation was aborted'.
'use strict';
const crypto = require('crypto');

globalThis.block = function block(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* burn */ }
};

// Calibration: pbkdf2 iterations per millisecond on this machine.
const CAL_ITER = 20000;
let best = Infinity;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  crypto.pbkdf2Sync('loopscope', 'salt', CAL_ITER, 16, 'sha256');
  best = Math.min(best, performance.now() - t0);
}
const iterPerMs = CAL_ITER / Math.max(best, 0.01);

function abortError() {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}

globalThis.work = function work(ms, cb, opts) {
  const signal = opts && opts.signal;
  if (signal && signal.aborted) {
    process.nextTick(cb, abortError());
    return;
  }
  const iter = Math.max(1, Math.round(ms * iterPerMs));
  crypto.pbkdf2('loopscope', 'salt', iter, 16, 'sha256', function () {
    if (signal && signal.aborted) cb(abortError());
    else cb(null, undefined);
  });
};
